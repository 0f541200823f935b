import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CommandName } from '../commands';
import { callApi } from '../transport';

/**
 * The names of the APIs the caller's role may call (listApis, CloudStack's api-discovery plugin). Asked once
 * per session: the cache is emptied at login and logout (features/auth/session.tsx).
 */
export async function getApiNames(signal?: AbortSignal): Promise<ReadonlySet<string>> {
  // listApis is not a paged list in CloudStack (ListApisCmd extends BaseCmd): one call answers them all.
  const { items } = await callApi('listApis', {}, { signal });
  return new Set(items.map((api) => api.name));
}

export const apisQueryOptions = queryOptions({
  queryKey: ['listApis'] as const,
  queryFn: ({ signal }) => getApiNames(signal),
  staleTime: Infinity,
});

/**
 * What the caller may call. `can(command)` is true when listApis names it; while listApis is loading it is
 * false (nothing is offered before it is known), and when listApis failed it is true (each screen then shows
 * its own command's error, which says why).
 */
export function useApis() {
  const query = useQuery(apisQueryOptions);
  const names = query.data;
  const can = (command: CommandName): boolean => (names ? names.has(command) : query.isError);
  return { query, known: names !== undefined || query.isError, can };
}
