import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AsyncJob } from '../schemas';
import { listAll } from '../pages';
import { callApi } from '../transport';

/** The caller's async jobs created since `startdate` (CloudStack's yyyy-MM-dd'T'HH:mm:ssZ), every page. */
export function getAsyncJobs(startdate: string, signal?: AbortSignal): Promise<AsyncJob[]> {
  return listAll('listAsyncJobs', { listall: true, startdate }, { signal });
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
