import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Router } from '../schemas';
import { listAll } from '../pages';
import type { ApiParams } from '../transport';

/**
 * Every router of every account, project routers included (listRouters listall=true projectid=-1, as
 * CloudStack's UI asks), fetched in pages of 500 in parallel. `params` narrows the list with the
 * server-side filters listRouters has (zoneid, podid, state, ...).
 */
export function getRouters(params: ApiParams = {}, signal?: AbortSignal): Promise<Router[]> {
  return listAll('listRouters', { listall: true, projectid: -1, ...params }, { signal });
}

export function routersQueryOptions(params: ApiParams = {}) {
  return queryOptions({
    queryKey: ['listRouters', 'all', params] as const,
    queryFn: ({ signal }) => getRouters(params, signal),
  });
}

export function useRouters(params: ApiParams = {}) {
  return useQuery(routersQueryOptions(params));
}
