import { queryOptions, useQuery } from '@tanstack/react-query';
import { listCount, type ListCommandName } from '../pages';
import type { ApiRequest } from '../transport';

/**
 * The `count` of any list command, read from a one-item page: cheap even with 10,000 objects.
 * Example: useListCount('listRouters', { listall: true, state: 'Running' }).
 */
export function listCountQueryOptions<C extends ListCommandName>(command: C, params: ApiRequest<C> = {} as ApiRequest<C>) {
  return queryOptions({
    queryKey: [command, 'count', params] as const,
    queryFn: ({ signal }) => listCount(command, params, { signal }),
  });
}

export function useListCount<C extends ListCommandName>(command: C, params: ApiRequest<C> = {} as ApiRequest<C>) {
  return useQuery(listCountQueryOptions(command, params));
}
