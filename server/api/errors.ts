import { csErrorCodeFor } from '../../src/api/errors';

/** An error a command answers with: CloudStack's errorcode and a text the user can read. */
export class ApiError extends Error {
  constructor(
    readonly errorcode: number,
    readonly errortext: string,
  ) {
    super(errortext);
  }
  get cserrorcode(): number {
    return csErrorCodeFor[this.errorcode] ?? 9999;
  }
}

export const paramError = (text: string) => new ApiError(431, text);
export const notPermitted = (text: string) => new ApiError(531, text);
export const notFound = (what: string, id: string) => new ApiError(431, `Unable to find ${what} with specified id ${id}`);
