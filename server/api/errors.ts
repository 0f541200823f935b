import { csErrorCodeFor } from '../../src/api/errors';

/**
 * An error a command answers with: CloudStack's errorcode, a text the user can read, and the cserrorcode of
 * the Java exception behind it (CSExceptionErrorCode).
 *
 * Raised by a handler, the error stands for the service-layer exception CloudStack raises for that code
 * (InvalidParameterValueException 4350 for 431, PermissionDeniedException 4365 for 531, ...), which ApiServer
 * wraps in a ServerApiException that keeps the cause's cserrorcode. The dispatcher's own errors (a missing or
 * malformed parameter, an unknown command) are ServerApiExceptions thrown directly: cserrorcode 9999.
 * The servlet's own 401 answers carry no cserrorcode at all (`cserrorcode: null`).
 */
export class ApiError extends Error {
  readonly cserrorcode: number | undefined;
  constructor(
    readonly errorcode: number,
    readonly errortext: string,
    cserrorcode?: number | null,
  ) {
    super(errortext);
    this.cserrorcode = cserrorcode === null ? undefined : (cserrorcode ?? csErrorCodeFor[errorcode] ?? SERVER_API_EXCEPTION);
  }
}

/** CSExceptionErrorCode of a ServerApiException thrown on its own (no cause). */
export const SERVER_API_EXCEPTION = 9999;

/** A ServerApiException raised by the dispatcher (ParamProcessWorker, ApiServer): cserrorcode 9999. */
export const dispatchError = (errorcode: number, text: string) => new ApiError(errorcode, text, SERVER_API_EXCEPTION);
export const paramError = (text: string) => new ApiError(431, text);
export const notPermitted = (text: string) => new ApiError(531, text);
export const notFound = (what: string, id: string) => new ApiError(431, `Unable to find ${what} with specified id ${id}`);
