import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { listPage, type ListPage } from '../pages';
import type { ApiRequest } from '../transport';

export const ALERTS_PAGE_SIZE = 50;

/** One page of alerts (listAlerts), newest first; root admin only. */
export function alertsQueryOptions(page: number, params: ApiRequest<'listAlerts'> = {}) {
  return queryOptions({
    queryKey: ['listAlerts', 'page', page, params] as const,
    queryFn: ({ signal }): Promise<ListPage<'listAlerts'>> => listPage('listAlerts', params, page, ALERTS_PAGE_SIZE, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAlerts(page: number, params: ApiRequest<'listAlerts'> = {}, options: { refetchInterval?: number | false; enabled?: boolean } = {}) {
  return useQuery({ ...alertsQueryOptions(page, params), refetchInterval: options.refetchInterval ?? false, enabled: options.enabled ?? true });
}
