/**
 * Paging over CloudStack list commands: one page, a count, or every page.
 */
import type { z } from 'zod';
import { type commands, type CommandName } from './commands';
import { callApi, type ApiParams, type CallOptions } from './transport';

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
  params: ApiParams,
  page: number,
  pagesize: number,
  options: CallOptions = {},
): Promise<ListPage<C>> {
  // CommandResult<C> of a list command is {count, items}; TypeScript cannot see that for a generic C.
  const result = (await callApi(command, { ...params, page, pagesize }, options)) as unknown as ListPage<C>;
  return result;
}

/** The number of objects a list command would give, from a one-item page. */
export async function listCount<C extends ListCommandName>(
  command: C,
  params: ApiParams,
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
  params: ApiParams,
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
