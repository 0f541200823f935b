import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Host } from '../schemas';
import { listAll } from '../pages';
import type { ApiParams } from '../transport';

/** Every hypervisor host (listHosts type=Routing), in pages of 500 fetched in parallel. */
export function getHosts(params: ApiParams = {}, signal?: AbortSignal): Promise<Host[]> {
  return listAll('listHosts', { type: 'Routing', ...params }, { signal });
}

export function hostsQueryOptions(params: ApiParams = {}) {
  return queryOptions({
    queryKey: ['listHosts', 'all', params] as const,
    queryFn: ({ signal }) => getHosts(params, signal),
    staleTime: 5 * 60_000,
  });
}

export function useHosts(params: ApiParams = {}) {
  return useQuery(hostsQueryOptions(params));
}
