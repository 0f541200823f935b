import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { listAll, listCount, mergePages, pageCount } from './pages';

const requests: URLSearchParams[] = [];

function routers(from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => ({ id: `r-${from + i}`, name: `r-${from + i}`, state: 'Running', zoneid: 'z' }));
}

beforeEach(() => {
  requests.length = 0;
  vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init: RequestInit = {}) => {
    const params = init.body as URLSearchParams;
    requests.push(params);
    const total = 1203;
    const page = Number(params.get('page'));
    const size = Number(params.get('pagesize'));
    const start = (page - 1) * size;
    const items = routers(start, Math.min(total, start + size));
    const body = items.length ? { listroutersresponse: { count: total, router: items } } : { listroutersresponse: {} };
    return new Response(JSON.stringify(body), { status: 200 });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

it('counts pages', () => {
  expect(pageCount(0, 500)).toBe(0);
  expect(pageCount(1, 500)).toBe(1);
  expect(pageCount(500, 500)).toBe(1);
  expect(pageCount(501, 500)).toBe(2);
});

it('merges pages without duplicates', () => {
  expect(mergePages([[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }]]).map((x) => x.id)).toEqual(['a', 'b', 'c']);
});

it('fetches every page: the first for the count, then the rest', async () => {
  const all = await listAll('listRouters', { listall: true });
  expect(all).toHaveLength(1203);
  expect(new Set(all.map((r) => r.id)).size).toBe(1203);
  expect(requests.map((p) => p.get('page'))).toEqual(['1', '2', '3']);
  expect(requests.every((p) => p.get('pagesize') === '500' && p.get('listall') === 'true')).toBe(true);
});

it('reads a count from a one-item page', async () => {
  expect(await listCount('listRouters', { listall: true })).toBe(1203);
  expect(requests[0]?.get('pagesize')).toBe('1');
});
