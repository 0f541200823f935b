/**
 * Paging over CloudStack list commands: one page, a count, or every page.
 */
import type { z } from 'zod';
import { type commands, type CommandName } from './commands';
import { sendCommand, type ApiParams, type ApiRequest, type CallOptions } from './transport';

/** The commands whose answer is a list ({count, <key>: [...]}). */
export type ListCommandName = {
  [K in CommandName]: (typeof commands)[K] extends { kind: 'list' } ? K : never;
}[CommandName];

/** One item of a list command's answer. */
export type ListItem<C extends ListCommandName> = z.output<(typeof commands)[C]['item']>;

export interface ListPage<C extends ListCommandName> {
  count: number;
  items: ListItem<C>[];
}

/** CloudStack's default.page.size: the largest page a server gives by default. */
export const MAX_PAGE_SIZE = 500;

/** One page of a list command (page counts from 1). */
export async function listPage<C extends ListCommandName>(
  command: C,
  params: ApiRequest<C>,
  page: number,
  pagesize: number,
  options: CallOptions = {},
): Promise<ListPage<C>> {
  // CommandResult<C> of a list command is {count, items}; TypeScript cannot see that for a generic C.
  const result = (await sendCommand(command, { ...(params as ApiParams), page, pagesize }, options)) as unknown as ListPage<C>;
  return result;
}

/** The number of objects a list command would give, from a one-item page. */
export async function listCount<C extends ListCommandName>(
  command: C,
  params: ApiRequest<C>,
  options: CallOptions = {},
): Promise<number> {
  return (await listPage(command, params, 1, 1, options)).count;
}

/** How many pages of `pagesize` hold `count` objects. */
export function pageCount(count: number, pagesize: number): number {
  if (count <= 0 || pagesize <= 0) return 0;
  return Math.ceil(count / pagesize);
}

/** Concatenates pages, dropping an object seen already (the list may change between pages). */
export function mergePages<T extends { id: string }>(pages: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const page of pages) {
    for (const item of page) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      merged.push(item);
    }
  }
  return merged;
}

/**
 * Every object of a list command: the first page gives the count, the other pages are then
 * fetched in parallel.
 */
export async function listAll<C extends ListCommandName>(
  command: C,
  params: ApiRequest<C>,
  options: CallOptions & { pagesize?: number } = {},
): Promise<ListItem<C>[]> {
  const pagesize = options.pagesize ?? MAX_PAGE_SIZE;
  const first = await listPage(command, params, 1, pagesize, options);
  const pages = pageCount(first.count, pagesize);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => listPage(command, params, i + 2, pagesize, options)),
  );
  const all = [first.items, ...rest.map((p) => p.items)];
  // Every list item of this API carries an id, except configurations (keyed by name).
  if (all.every((items) => items.every(hasId))) return mergePages(all as { id: string }[][]) as ListItem<C>[];
  return all.flat();
}

function hasId(item: unknown): item is { id: string } {
  return typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string';
}

/** How far a paged read has come: objects read so far of the list's `count`, and whether every page is in. */
export interface PagesRead {
  read: number;
  total: number;
  done: boolean;
}

export interface StreamOptions extends CallOptions {
  pagesize?: number;
  /**
   * The size of the very first request, smaller than `pagesize` so that a screen has its first rows after
   * reading a few objects instead of 500; the pages of `pagesize` are then read from page 1 (the objects of
   * the first request are read twice and dropped the second time). Default: `pagesize` (no extra request).
   */
  firstPagesize?: number;
  /**
   * Pages requested at once after the first. Fewer than the browser's 6 connections to one host (HTTP/1.1):
   * the others stay free for the screen's code and its other queries, which would otherwise wait behind the
   * pages, and a management server answers pages one after another anyway. Default 3.
   */
  parallel?: number;
  /**
   * Awaited after the first chunk has been given and before any other page is asked for, e.g. until a screen
   * has rendered the first rows: the other pages then do not compete with its code, its first render and its
   * other queries for the connections, the server and the main thread. Default: none (at once).
   */
  beforeRest?: () => Promise<void>;
  /**
   * The shortest time in ms between two chunks after the first: pages arriving meanwhile are given together,
   * so that a screen recomputes its view a few times while 20 or 100 pages arrive, not once per page. A chunk
   * also waits until it holds half as many objects as were read before it.
   */
  coalesceMs?: number;
  /** Told after each chunk (and once more, with done = true, at the end). */
  onProgress?: (progress: PagesRead) => void;
}

/**
 * Every object of a list command, as chunks while the pages arrive: the first page alone at once (its `count`
 * gives the number of pages), then the others, requested `parallel` at a time and given in arrival order,
 * coalesced (see StreamOptions.coalesceMs). An object already given (the list may shift between pages) is
 * dropped, as mergePages does. A failed page ends the iteration with its CloudStackError.
 * Pages are 500 objects (CloudStack's default.page.size) unless `pagesize` says otherwise.
 */
export async function* streamPages<C extends ListCommandName>(
  command: C,
  params: ApiRequest<C>,
  options: StreamOptions = {},
): AsyncGenerator<ListItem<C>[], void, undefined> {
  const pagesize = options.pagesize ?? MAX_PAGE_SIZE;
  const parallel = Math.max(1, options.parallel ?? 3);
  const coalesceMs = options.coalesceMs ?? 200;
  const seen = new Set<string>();
  let read = 0;
  const fresh = (items: readonly ListItem<C>[]): ListItem<C>[] => {
    const out: ListItem<C>[] = [];
    for (const item of items) {
      if (hasId(item)) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
      }
      out.push(item);
    }
    read += out.length;
    return out;
  };

  const firstSize = Math.min(pagesize, Math.max(1, options.firstPagesize ?? pagesize));
  const first = await listPage(command, params, 1, firstSize, options);
  let total = first.count;
  const pages = pageCount(first.count, pagesize);
  // With a small first request, the pages of `pagesize` start again at page 1.
  let next = firstSize < pagesize ? 1 : 2;
  const done = first.count <= firstSize || pages < next;
  const firstItems = fresh(first.items);
  options.onProgress?.({ read, total: Math.max(total, read), done });
  yield firstItems;
  if (done) return;
  if (options.beforeRest) await options.beforeRest();
  options.signal?.throwIfAborted();

  // The other pages: a small pool of requests; each answer goes to `arrived` and wakes the loop below.
  const arrived: ListItem<C>[][] = [];
  let failure: unknown;
  let pending = pages - next + 1;
  let wake: (() => void) | undefined;
  const worker = async (): Promise<void> => {
    while (next <= pages && failure === undefined) {
      const page = next++;
      try {
        const answer = await listPage(command, params, page, pagesize, options);
        total = Math.max(total, answer.count);
        arrived.push(answer.items);
      } catch (error) {
        failure ??= error;
      }
      pending -= 1;
      wake?.();
    }
  };
  for (let i = 0; i < Math.min(parallel, pending); i++) void worker();

  // A chunk is given when it holds at least half as many objects as were read before it (and `coalesceMs` has
  // passed): a screen that recomputes its view per chunk does so about log2(total / first) times, so its work
  // over the whole read stays about twice one pass over the list, at 10,000 routers as at 50,000.
  const waiting = () => arrived.reduce((n, items) => n + items.length, 0);
  let lastYield = performance.now();
  for (;;) {
    while (failure === undefined && pending > 0) {
      const enough = waiting() >= read / 2;
      const wait = coalesceMs - (performance.now() - lastYield);
      if (enough && wait <= 0) break;
      if (enough) await new Promise((resolve) => setTimeout(resolve, wait));
      else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
    if (failure !== undefined) throw failure;
    const chunk = fresh(arrived.splice(0).flat());
    lastYield = performance.now();
    options.onProgress?.({ read, total: Math.max(total, read), done: pending === 0 });
    yield chunk;
    if (pending === 0 && arrived.length === 0) return;
  }
}
