import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SystemVm } from '../schemas';
import { listAll } from '../pages';
import type { ApiParams } from '../transport';

/** Every console proxy and secondary storage VM (listSystemVms), optionally filtered (systemvmtype, zoneid, state, ...). */
export function getSystemVms(params: ApiParams = {}, signal?: AbortSignal): Promise<SystemVm[]> {
  return listAll('listSystemVms', params, { signal });
}

export function systemVmsQueryOptions(params: ApiParams = {}) {
  return queryOptions({
    queryKey: ['listSystemVms', 'all', params] as const,
    queryFn: ({ signal }) => getSystemVms(params, signal),
  });
}

export function useSystemVms(params: ApiParams = {}) {
  return useQuery(systemVmsQueryOptions(params));
}
