import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listAll } from '../pages';
import type { NetworkOffering, ServiceOffering } from '../schemas';
import { callApi, type ApiRequest } from '../transport';

/** Service offerings (listServiceOfferings), e.g. { issystem: true, systemvmtype: 'domainrouter' }. */
export function serviceOfferingsQueryOptions(params: ApiRequest<'listServiceOfferings'> = {}) {
  return queryOptions({
    queryKey: ['listServiceOfferings', params] as const,
    queryFn: ({ signal }): Promise<ServiceOffering[]> => listAll('listServiceOfferings', params, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useServiceOfferings(params: ApiRequest<'listServiceOfferings'> = {}) {
  return useQuery(serviceOfferingsQueryOptions(params));
}

export function useCreateServiceOffering() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (params: ApiRequest<'createServiceOffering'>) => callApi('createServiceOffering', params),
    onSuccess: () => client.invalidateQueries({ queryKey: ['listServiceOfferings'] }),
  });
}

/** Network offerings (listNetworkOfferings); with { networkid } those the network may move to. */
export function networkOfferingsQueryOptions(params: ApiRequest<'listNetworkOfferings'> = {}) {
  return queryOptions({
    queryKey: ['listNetworkOfferings', params] as const,
    queryFn: ({ signal }): Promise<NetworkOffering[]> => listAll('listNetworkOfferings', params, { signal }),
  });
}

export function useNetworkOfferings(params: ApiRequest<'listNetworkOfferings'> = {}) {
  return useQuery(networkOfferingsQueryOptions(params));
}

export function useCreateNetworkOffering() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (params: ApiRequest<'createNetworkOffering'>) => callApi('createNetworkOffering', params),
    onSuccess: () => client.invalidateQueries({ queryKey: ['listNetworkOfferings'] }),
  });
}

/** changeServiceForRouter: a stopped router's system offering. */
export function useChangeServiceForRouter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; serviceofferingid: string }) => callApi('changeServiceForRouter', v),
    onSuccess: () => client.invalidateQueries({ queryKey: ['listRouters'] }),
  });
}
