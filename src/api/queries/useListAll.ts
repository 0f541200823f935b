import { experimental_streamedQuery as streamedQuery, queryOptions, skipToken, useQuery, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { listAll, streamPages, type ListCommandName, type ListItem, type PagesRead, type StreamOptions } from '../pages';
import type { ApiRequest } from '../transport';

/**
 * Every object of any list command, all pages fetched (the first for the count, the rest in parallel).
 * For screens that need a list no dedicated hook covers yet, e.g.
 * useListAll('listHosts', { type: 'Routing' }) to find each router's cluster from its host.
 */
export function listAllQueryOptions<C extends ListCommandName>(command: C, params: ApiRequest<C> = {} as ApiRequest<C>) {
  return queryOptions({
    queryKey: [command, 'all', params] as const,
    queryFn: ({ signal }): Promise<ListItem<C>[]> => listAll(command, params, { signal }),
  });
}

export function useListAll<C extends ListCommandName>(command: C, params: ApiRequest<C> = {} as ApiRequest<C>) {
  return useQuery(listAllQueryOptions(command, params));
}

/**
 * The key under which a progressive list keeps how far its first read has come. It lies outside the list's own
 * key on purpose: code that updates or invalidates [command, ...] (e.g. the upgrade tracker's
 * setQueriesData<Router[]>) never meets this entry.
 */
export function pagesReadKey(listKey: QueryKey): QueryKey {
  return ['pagesRead', ...listKey];
}

/**
 * Every object of a list command, progressively: the query's data is the array of objects read so far
 * (the same shape as listAllQueryOptions gives, so the same key can be read and updated the same way).
 * It becomes `success` with the first page, and grows as the other pages arrive (pages coalesced, see
 * streamPages); `usePagesRead` says "read of total" until the last page. A refetch (after an invalidation)
 * reads every page again and replaces the data once at the end, so a screen never shrinks back to page 1.
 * `stream.beforeRest` holds the pages after the first back on the first read only (see StreamOptions).
 */
export function progressiveListQueryOptions<C extends ListCommandName>(
  command: C,
  params: ApiRequest<C> = {} as ApiRequest<C>,
  stream: Pick<StreamOptions, 'pagesize' | 'firstPagesize' | 'parallel' | 'coalesceMs' | 'beforeRest'> = {},
) {
  const queryKey = [command, 'all', params] as const;
  return queryOptions({
    queryKey,
    queryFn: streamedQuery<ListItem<C>[], ListItem<C>[], typeof queryKey>({
      refetchMode: 'replace',
      initialValue: [],
      reducer: (acc, chunk) => (acc.length === 0 ? chunk : chunk.length === 0 ? acc : acc.concat(chunk)),
      streamFn: ({ signal, client }) => {
        const first = client.getQueryData(queryKey) === undefined;
        return streamPages(command, params, {
          ...stream,
          // Only the first read holds its pages back (a refetch happens with the list on screen already).
          beforeRest: first ? stream.beforeRest : undefined,
          signal,
          // Only the first read is shown in progress: a refetch keeps the whole list on screen until it is done.
          onProgress: (progress) => {
            if (first || progress.done) client.setQueryData<PagesRead>(pagesReadKey(queryKey), progress);
          },
        });
      },
    }),
  });
}

/**
 * How far the first read of a progressive list has come ({read, total, done}); undefined before its first page.
 * Read from the cache entry that progressiveListQueryOptions writes; this hook never fetches.
 */
export function usePagesRead(listKey: QueryKey): PagesRead | undefined {
  return useQuery({ queryKey: pagesReadKey(listKey), queryFn: skipToken, staleTime: Infinity }).data as PagesRead | undefined;
}

/** Forgets the progress of a list (with its data), e.g. in tests. */
export function forgetPagesRead(client: QueryClient, listKey: QueryKey): void {
  client.removeQueries({ queryKey: pagesReadKey(listKey) });
}
