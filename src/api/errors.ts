import { z } from 'zod';

/** CloudStack's error body, found under "<command>response". */
export const errorBodySchema = z
  .object({
    errorcode: z.number(),
    cserrorcode: z.number().optional(),
    errortext: z.string(),
    uuidList: z.array(z.unknown()).optional(),
  })
  .passthrough();

export const ErrorCode = {
  unauthenticated: 401,
  paramError: 431,
  unsupportedAction: 432,
  insufficientCapacity: 436,
  resourceUnavailable: 437,
  internal: 530,
  accountError: 531,
  resourceInUse: 536,
} as const;

/** cserrorcode values CloudStack pairs with each errorcode (its CSExceptionErrorCode). */
export const csErrorCodeFor: Record<number, number> = {
  401: 9999,
  431: 4350,
  432: 9999,
  436: 4250,
  437: 4365,
  530: 4250,
  531: 4365,
  533: 4250,
  534: 4365,
  536: 4365,
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
