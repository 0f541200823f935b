import { queryOptions, useQuery } from '@tanstack/react-query';
import { listAll, type ListCommandName, type ListItem } from '../pages';
import type { ApiParams } from '../transport';

/**
 * Every object of any list command, all pages fetched (the first for the count, the rest in parallel).
 * For screens that need a list no dedicated hook covers yet, e.g.
 * useListAll('listHosts', { type: 'Routing' }) to find each router's cluster from its host.
 */
export function listAllQueryOptions<C extends ListCommandName>(command: C, params: ApiParams = {}) {
  return queryOptions({
    queryKey: [command, 'all', params] as const,
    queryFn: ({ signal }): Promise<ListItem<C>[]> => listAll(command, params, { signal }),
  });
}

export function useListAll<C extends ListCommandName>(command: C, params: ApiParams = {}) {
  return useQuery(listAllQueryOptions(command, params));
}
