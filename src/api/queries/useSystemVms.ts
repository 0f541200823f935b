import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SystemVm } from '../schemas';
import { listAll } from '../pages';
import type { ApiRequest } from '../transport';

/** Every console proxy and secondary storage VM (listSystemVms), optionally filtered (systemvmtype, zoneid, state, ...). */
export function getSystemVms(params: ApiRequest<'listSystemVms'> = {}, signal?: AbortSignal): Promise<SystemVm[]> {
  return listAll('listSystemVms', params, { signal });
}

export function systemVmsQueryOptions(params: ApiRequest<'listSystemVms'> = {}) {
  return queryOptions({
    queryKey: ['listSystemVms', 'all', params] as const,
    queryFn: ({ signal }) => getSystemVms(params, signal),
  });
}

export function useSystemVms(params: ApiRequest<'listSystemVms'> = {}) {
  return useQuery(systemVmsQueryOptions(params));
}
