import { CloudStackError } from '../api/errors';

/**
 * Whether an error means the management server could not be reached (rather than that it refused): a
 * network failure (the transport's errorcode 0), or a gateway's 502, 503 or 504 in front of it (this
 * project's forwarding process, a load balancer).
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof CloudStackError && (error.errorcode === 0 || error.errorcode === 502 || error.errorcode === 503 || error.errorcode === 504);
}

/** What the stale-data notice needs of a query: its data's time, and its last error and that error's time (ms). */
export interface QueryTimes {
  hasData: boolean;
  dataUpdatedAt: number;
  error: unknown;
  errorUpdatedAt: number;
}

export interface Staleness {
  stale: boolean;
  /** When the server was first found unreachable (ms since the epoch). */
  since?: number;
  /** When the data shown was loaded (ms since the epoch). */
  dataAt?: number;
}

/**
 * Whether data on screen is stale because the management server cannot be reached: the data query's own
 * latest refresh failed that way, or the reachability probe's latest answer did, after the data was loaded.
 * `since` is the earliest of those failures that came after the data.
 */
export function staleness(data: QueryTimes, probe: Pick<QueryTimes, 'error' | 'errorUpdatedAt'> & { dataUpdatedAt: number }): Staleness {
  if (!data.hasData) return { stale: false };
  const failures: number[] = [];
  if (isUnreachable(data.error) && data.errorUpdatedAt >= data.dataUpdatedAt) failures.push(data.errorUpdatedAt);
  if (isUnreachable(probe.error) && probe.errorUpdatedAt > probe.dataUpdatedAt && probe.errorUpdatedAt >= data.dataUpdatedAt) {
    failures.push(probe.errorUpdatedAt);
  }
  if (failures.length === 0) return { stale: false };
  return { stale: true, since: Math.min(...failures), dataAt: data.dataUpdatedAt };
}
