import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { VirtualMachine } from '../schemas';
import { listAll, listPage } from '../pages';
import type { ApiRequest } from '../transport';

/** The caller's own VMs (listVirtualMachines; an admin adds listall=true to see more). */
export function getVirtualMachines(params: ApiRequest<'listVirtualMachines'> = {}, signal?: AbortSignal): Promise<VirtualMachine[]> {
  return listAll('listVirtualMachines', params, { signal });
}

export function virtualMachinesQueryOptions(params: ApiRequest<'listVirtualMachines'> = {}) {
  return queryOptions({
    queryKey: ['listVirtualMachines', 'all', params] as const,
    queryFn: ({ signal }) => getVirtualMachines(params, signal),
  });
}

export function useVirtualMachines(params: ApiRequest<'listVirtualMachines'> = {}) {
  return useQuery(virtualMachinesQueryOptions(params));
}

export const VIRTUAL_MACHINES_PAGE_SIZE = 50;

/** One page of VMs (listVirtualMachines), with the count of all that match. */
export function virtualMachinesPageQueryOptions(page: number, params: ApiRequest<'listVirtualMachines'> = {}) {
  return queryOptions({
    queryKey: ['listVirtualMachines', 'page', page, params] as const,
    queryFn: ({ signal }) => listPage('listVirtualMachines', params, page, VIRTUAL_MACHINES_PAGE_SIZE, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useVirtualMachinesPage(page: number, params: ApiRequest<'listVirtualMachines'> = {}, options: { enabled?: boolean } = {}) {
  return useQuery({ ...virtualMachinesPageQueryOptions(page, params), enabled: options.enabled ?? true });
}
