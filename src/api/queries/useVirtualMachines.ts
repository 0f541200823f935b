import { queryOptions, useQuery } from '@tanstack/react-query';
import type { VirtualMachine } from '../schemas';
import { listAll } from '../pages';
import type { ApiParams } from '../transport';

/** The caller's own VMs (listVirtualMachines; an admin adds listall=true to see more). */
export function getVirtualMachines(params: ApiParams = {}, signal?: AbortSignal): Promise<VirtualMachine[]> {
  return listAll('listVirtualMachines', params, { signal });
}

export function virtualMachinesQueryOptions(params: ApiParams = {}) {
  return queryOptions({
    queryKey: ['listVirtualMachines', 'all', params] as const,
    queryFn: ({ signal }) => getVirtualMachines(params, signal),
  });
}

export function useVirtualMachines(params: ApiParams = {}) {
  return useQuery(virtualMachinesQueryOptions(params));
}
