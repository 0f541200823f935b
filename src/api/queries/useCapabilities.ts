import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Capability } from '../schemas';
import { callApi } from '../transport';

/** The management server's version and limits (listCapabilities). */
export function getCapabilities(signal?: AbortSignal): Promise<Capability> {
  return callApi('listCapabilities', {}, { signal });
}

export const capabilitiesQueryOptions = queryOptions({
  queryKey: ['listCapabilities'] as const,
  queryFn: ({ signal }) => getCapabilities(signal),
  staleTime: 30 * 60_000,
});

export function useCapabilities() {
  return useQuery(capabilitiesQueryOptions);
}
