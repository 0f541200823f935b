import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Network, RouterHealthChecks } from '../schemas';
import { callApi } from '../transport';

/** A router's health check results (getRouterHealthCheckResults). */
export function routerHealthQueryOptions(routerid: string) {
  return queryOptions({
    queryKey: ['getRouterHealthCheckResults', routerid] as const,
    queryFn: ({ signal }): Promise<RouterHealthChecks> => callApi('getRouterHealthCheckResults', { routerid }, { signal }),
    retry: false,
  });
}

export function useRouterHealth(routerid: string | undefined) {
  return useQuery({ ...routerHealthQueryOptions(routerid ?? ''), enabled: !!routerid });
}

/** One network by id (listNetworks id=... listall=true). */
export function networkQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['listNetworks', 'id', id] as const,
    queryFn: async ({ signal }): Promise<Network | null> => {
      const page = await callApi('listNetworks', { id, listall: true }, { signal });
      return page.items[0] ?? null;
    },
  });
}

export function useNetwork(id: string | undefined) {
  return useQuery({ ...networkQueryOptions(id ?? ''), enabled: !!id });
}
