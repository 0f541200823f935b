import { useQuery } from '@tanstack/react-query';
import type { Router } from '../schemas';
import { listAll, type PagesRead } from '../pages';
import type { ApiRequest } from '../transport';
import { progressiveListQueryOptions, usePagesRead } from './useListAll';

/**
 * Every router of every account, project routers included (listRouters listall=true projectid=-1, as
 * CloudStack's UI asks), fetched in pages of 500 in parallel. `params` narrows the list with the
 * server-side filters listRouters has (zoneid, podid, state, ...).
 */
export function getRouters(params: ApiRequest<'listRouters'> = {}, signal?: AbortSignal): Promise<Router[]> {
  return listAll('listRouters', { listall: true, projectid: '-1', ...params }, { signal });
}

/**
 * The first request asks for this many routers (a screenful and more), so that the list shows rows after
 * reading 100 routers rather than 500; the pages of 500 follow in parallel (one request more in all).
 */
export const FIRST_ROUTERS = 100;

/**
 * The routers as a progressive list: the data (Router[], key ['listRouters', 'all', params]) holds page 1
 * as soon as it arrives and grows while the other pages come in (see progressiveListQueryOptions).
 */
export function routersQueryOptions(params: ApiRequest<'listRouters'> = {}) {
  return progressiveListQueryOptions('listRouters', { listall: true, projectid: '-1', ...params }, { firstPagesize: FIRST_ROUTERS });
}

/**
 * The routers, progressively, and how far their first read has come: `pagesRead` is {read, total, done}
 * ("7,500 of 10,000 read" until done); `complete` is true once every page of the data shown is in (a refetch
 * replaces complete data with complete data). A read that failed half way stays incomplete, with its error.
 */
export function useRouters(params: ApiRequest<'listRouters'> = {}) {
  const options = routersQueryOptions(params);
  const query = useQuery(options);
  const pagesRead: PagesRead | undefined = usePagesRead(options.queryKey);
  const complete = query.data !== undefined && (pagesRead === undefined || pagesRead.done);
  return { ...query, pagesRead, complete };
}
