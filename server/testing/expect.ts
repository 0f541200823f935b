import { expect } from 'vitest';
import type { ApiReply, Session } from './harness';

/**
 * Asserts a CloudStack error answer: the HTTP status equals errorcode, `cserrorcode` is there (except on the
 * servlet's own 401, which has none), and the text mentions `mentions`.
 */
export function expectError(r: ApiReply, code: number, mentions?: string | RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(code);
  expect(r.data.errorcode).toBe(code);
  if (code === 401) expect(r.data.cserrorcode).toBeUndefined();
  else if (!(code === 531 && Object.keys(r.body)[0] === 'loginresponse')) expect(typeof r.data.cserrorcode).toBe('number');
  expect(r.data.uuidList).toEqual([]);
  expect(typeof r.data.errortext).toBe('string');
  if (mentions !== undefined) expect(String(r.data.errortext)).toMatch(mentions);
}

/** Asserts a list answer: one envelope key, `count` and the list key (or the empty object). */
export function expectList<T = Record<string, unknown>>(r: ApiReply, key: string): { count: number; items: T[] } {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(Object.keys(r.body)).toHaveLength(1);
  if (Object.keys(r.data).length === 0) return { count: 0, items: [] };
  expect(Object.keys(r.data).sort()).toEqual(['count', key].sort());
  expect(typeof r.data.count).toBe('number');
  const items = r.data[key] as T[];
  expect(Array.isArray(items)).toBe(true);
  return { count: r.data.count as number, items };
}

/** Every item of a list command, walking the pages (as a client with a small page size does). */
export async function listAll<T = Record<string, unknown>>(
  s: Session,
  command: string,
  key: string,
  params: Record<string, string | number | boolean> = {},
  pagesize = 500,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { count, items } = expectList<T>(await s.call(command, { ...params, page, pagesize }), key);
    out.push(...items);
    if (items.length === 0 || out.length >= count) return out;
  }
}

export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Pagination as CloudStack does it: every page reports the same total `count`, pages do not overlap and
 * together give the whole list; a page past the end is the empty answer; pagesize above default.page.size
 * (500) and pagesize=0 are refused with 431 naming the page size.
 */
export async function checkPaging(
  s: Session,
  command: string,
  key: string,
  params: Record<string, string | number | boolean> = {},
  pagesize = 2,
): Promise<void> {
  const all = expectList<{ id?: string; jobid?: string }>(await s.call(command, { ...params, pagesize: -1 }), key);
  expect(all.items).toHaveLength(all.count);
  expect(all.count).toBeGreaterThan(pagesize);
  const seen: string[] = [];
  const pages = Math.ceil(all.count / pagesize);
  for (let page = 1; page <= pages; page++) {
    const r = expectList<{ id?: string; jobid?: string }>(await s.call(command, { ...params, page, pagesize }), key);
    expect(r.count).toBe(all.count);
    expect(r.items.length).toBe(page < pages ? pagesize : all.count - pagesize * (pages - 1));
    seen.push(...r.items.map((i) => String(i.id ?? i.jobid)));
  }
  expect(seen).toEqual(all.items.map((i) => String(i.id ?? i.jobid)));
  const past = await s.call(command, { ...params, page: pages + 1, pagesize });
  expect(past.status).toBe(200);
  expect(past.data[key] ?? []).toEqual([]);
  expectError(await s.call(command, { ...params, pagesize: 501 }), 431, /page ?size/i);
  expectError(await s.call(command, { ...params, pagesize: 0 }), 431, /page ?size/i);
  expectError(await s.call(command, { ...params, pagesize: 'ten' }), 431, /pagesize/);
  expectError(await s.call(command, { ...params, page: 0 }), 431, /page/);
  // 500 itself is allowed.
  expect((await s.call(command, { ...params, pagesize: 500 })).status).toBe(200);
}
