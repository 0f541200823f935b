import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Host } from '../schemas';
import { listAll } from '../pages';
import type { ApiRequest } from '../transport';

/** Every hypervisor host (listHosts type=Routing), in pages of 500 fetched in parallel. */
export function getHosts(params: ApiRequest<'listHosts'> = {}, signal?: AbortSignal): Promise<Host[]> {
  return listAll('listHosts', { type: 'Routing', ...params }, { signal });
}

export function hostsQueryOptions(params: ApiRequest<'listHosts'> = {}) {
  return queryOptions({
    queryKey: ['listHosts', 'all', params] as const,
    queryFn: ({ signal }) => getHosts(params, signal),
    staleTime: 5 * 60_000,
  });
}

/** `enabled: false` (the caller's role may not call listHosts) asks nothing. */
export function useHosts(params: ApiRequest<'listHosts'> = {}, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...hostsQueryOptions(params), enabled });
}
