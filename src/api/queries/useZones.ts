import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Zone } from '../schemas';
import { listAll } from '../pages';
import type { ApiRequest } from '../transport';

/** Every zone (listZones), optionally filtered (e.g. { id }, { networktype }). */
export function getZones(params: ApiRequest<'listZones'> = {}, signal?: AbortSignal): Promise<Zone[]> {
  return listAll('listZones', params, { signal });
}

export function zonesQueryOptions(params: ApiRequest<'listZones'> = {}) {
  return queryOptions({
    queryKey: ['listZones', 'all', params] as const,
    queryFn: ({ signal }) => getZones(params, signal),
    staleTime: 5 * 60_000,
  });
}

export function useZones(params: ApiRequest<'listZones'> = {}) {
  return useQuery(zonesQueryOptions(params));
}
