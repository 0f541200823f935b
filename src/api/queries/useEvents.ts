import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { listPage, type ListPage } from '../pages';
import type { ApiRequest } from '../transport';

export const EVENTS_PAGE_SIZE = 50;

/** One page of events of every account (listEvents listall=true), newest first as the server orders them. */
export function getEventsPage(
  page: number,
  params: ApiRequest<'listEvents'> = {},
  signal?: AbortSignal,
): Promise<ListPage<'listEvents'>> {
  return listPage('listEvents', { listall: true, ...params }, page, EVENTS_PAGE_SIZE, { signal });
}

export function eventsQueryOptions(page: number, params: ApiRequest<'listEvents'> = {}) {
  return queryOptions({
    queryKey: ['listEvents', 'page', page, params] as const,
    queryFn: ({ signal }) => getEventsPage(page, params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEvents(page: number, params: ApiRequest<'listEvents'> = {}) {
  return useQuery(eventsQueryOptions(page, params));
}
