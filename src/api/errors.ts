// zod and the error body's schema live in parse.ts: this module is part of the first load (the login page
// shows CloudStackError texts), the answer parsers are not.

/** ApiErrorCode (api/src/main/java/org/apache/cloudstack/api/ApiErrorCode.java): HTTP status = errorcode. */
export const ErrorCode = {
  unauthenticated: 401,
  malformedParameter: 430,
  paramError: 431,
  unsupportedAction: 432,
  internal: 530,
  accountError: 531,
  accountResourceLimit: 532,
  insufficientCapacity: 533,
  resourceUnavailable: 534,
  resourceAllocation: 535,
  resourceInUse: 536,
  networkRuleConflict: 537,
} as const;

/**
 * The cserrorcode (CSExceptionErrorCode) of the service-layer exception CloudStack raises for each errorcode:
 * ApiServer.handleRequest wraps InvalidParameterValueException (4350) as 431, PermissionDeniedException (4365)
 * as 531, AccountLimitException (4280) as 532, InsufficientCapacityException (4325) as 533,
 * ResourceUnavailableException (4380) as 534, ResourceAllocationException (4370) as 535, and the job
 * framework's CloudRuntimeException (4250) as 530; ResourceInUseException is 4375, NetworkRuleConflict 4360.
 * A ServerApiException thrown on its own (unknown command, missing parameter) is 9999.
 */
export const csErrorCodeFor: Record<number, number> = {
  430: 9999,
  431: 4350,
  432: 9999,
  530: 4250,
  531: 4365,
  532: 4280,
  533: 4325,
  534: 4380,
  535: 4370,
  536: 4375,
  537: 4360,
};

/** A CloudStack API error, or a transport failure (errorcode 0), as a value the UI can show. */
export class CloudStackError extends Error {
  readonly errorcode: number;
  readonly errortext: string;
  readonly command: string;
  constructor(command: string, errorcode: number, errortext: string) {
    super(errortext);
    this.name = 'CloudStackError';
    this.command = command;
    this.errorcode = errorcode;
    this.errortext = errortext;
  }
  get isNetworkFailure(): boolean {
    return this.errorcode === 0;
  }
  get isSessionExpired(): boolean {
    return this.errorcode === 401;
  }
}
