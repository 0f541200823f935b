import { useEffect } from 'react';
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
 * The longest the pages after the first wait for a screen to show the first routers (see routersShown): a read
 * that no screen shows (a prefetch the user navigated away from) goes on after this many ms.
 */
export const ROUTERS_SHOWN_WAIT_MS = 5000;

const shownWaiters = new Set<() => void>();

/**
 * Resolves when a component using useRouters has rendered routers (the next commit with data), or after
 * ROUTERS_SHOWN_WAIT_MS. The other pages of the first read wait for it: on a first navigation the screen's
 * code, its first render and listApis then have the connections, the server and the main thread to themselves.
 */
function routersShown(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      shownWaiters.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ROUTERS_SHOWN_WAIT_MS);
    shownWaiters.add(done);
  });
}

/** Called after a commit that shows routers: the held pages may come (after the browser has painted). */
function markRoutersShown(): void {
  if (shownWaiters.size === 0) return;
  // A frame, then a task: the first rows are painted before the pages' requests and parsing start.
  const release = () => setTimeout(() => [...shownWaiters].forEach((w) => w()), 0);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(release);
  else release();
}

/**
 * The routers as a progressive list: the data (Router[], key ['listRouters', 'all', params]) holds page 1
 * as soon as it arrives and grows while the other pages come in (see progressiveListQueryOptions). On the
 * first read the other pages wait until a screen has shown the first routers (routersShown).
 */
export function routersQueryOptions(params: ApiRequest<'listRouters'> = {}) {
  return progressiveListQueryOptions(
    'listRouters',
    { listall: true, projectid: '-1', ...params },
    { firstPagesize: FIRST_ROUTERS, beforeRest: routersShown },
  );
}

/**
 * The routers, progressively, and how far their first read has come: `pagesRead` is {read, total, done}
 * ("7,500 of 10,000 read" until done); `complete` is true once every page of the data shown is in (a refetch
 * replaces complete data with complete data). A read that failed half way stays incomplete, with its error.
 */
export function useRouters(params: ApiRequest<'listRouters'> = {}) {
  const options = routersQueryOptions(params);
  const query = useQuery(options);
  const data = query.data;
  useEffect(() => {
    if (data !== undefined) markRoutersShown();
  }, [data]);
  const pagesRead: PagesRead | undefined = usePagesRead(options.queryKey);
  const complete = query.data !== undefined && (pagesRead === undefined || pagesRead.done);
  return { ...query, pagesRead, complete };
}
