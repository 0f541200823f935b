import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Configuration } from '../schemas';
import { callApi } from '../transport';

/** One global setting by its exact name (listConfigurations name=... also matches longer names). */
export async function getConfiguration(name: string, signal?: AbortSignal): Promise<Configuration | undefined> {
  const page = await callApi('listConfigurations', { name }, { signal });
  return page.items.find((c) => c.name === name);
}

export function configurationQueryOptions(name: string) {
  return queryOptions({
    queryKey: ['listConfigurations', 'name', name] as const,
    queryFn: ({ signal }) => getConfiguration(name, signal),
    staleTime: 60_000,
  });
}

/** `enabled: false` (the caller's role may not call listConfigurations) asks nothing. */
export function useConfiguration(name: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...configurationQueryOptions(name), enabled });
}
