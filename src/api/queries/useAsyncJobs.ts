import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AsyncJob, AsyncJobListItem } from '../schemas';
import { listAll } from '../pages';
import { callApi } from '../transport';

/**
 * The caller's async jobs created since the day of `startdate` (a DATE parameter: CloudStack reads the day,
 * yyyy-MM-dd, and ignores the time), every page. An item without `jobstatus` (some servers leave it out of
 * listAsyncJobs) is completed with queryAsyncJobResult; one that cannot be read that way is left out.
 */
export async function getAsyncJobs(startdate: string, signal?: AbortSignal): Promise<AsyncJob[]> {
  const items: AsyncJobListItem[] = await listAll('listAsyncJobs', { listall: true, startdate }, { signal });
  const complete = await Promise.all(
    items.map((j) => (j.jobstatus !== undefined ? (j as AsyncJob) : getAsyncJob(j.jobid, signal).catch(() => undefined))),
  );
  return complete.filter((j): j is AsyncJob => j !== undefined);
}

/** refetchInterval: milliseconds, false, or a function asked before each poll. */
export type JobsRefetch = number | false | (() => number | false);

export function asyncJobsQueryOptions(startdate: string, refetchInterval: JobsRefetch) {
  return queryOptions({
    queryKey: ['listAsyncJobs', startdate] as const,
    queryFn: ({ signal }) => getAsyncJobs(startdate, signal),
    refetchInterval: typeof refetchInterval === 'function' ? () => refetchInterval() : refetchInterval,
    refetchIntervalInBackground: false,
    // A narrower startdate keeps showing the jobs already known until its own answer arrives.
    placeholderData: keepPreviousData,
  });
}

export function useAsyncJobs(startdate: string, refetchInterval: JobsRefetch) {
  return useQuery(asyncJobsQueryOptions(startdate, refetchInterval));
}

/** One job's state (queryAsyncJobResult). */
export function getAsyncJob(jobid: string, signal?: AbortSignal): Promise<AsyncJob> {
  return callApi('queryAsyncJobResult', { jobid }, { signal });
}
