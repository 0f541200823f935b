import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { listAll, listCount, mergePages, pageCount, streamPages, type PagesRead } from './pages';

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

it('streams pages: a small first request at once, then every page of 500, without duplicates, saying how far it is', async () => {
  const progress: PagesRead[] = [];
  const chunks: number[] = [];
  const ids = new Set<string>();
  for await (const chunk of streamPages('listRouters', { listall: true }, { firstPagesize: 100, coalesceMs: 0, onProgress: (p) => progress.push(p) })) {
    chunks.push(chunk.length);
    for (const r of chunk) {
      expect(ids.has(r.id)).toBe(false);
      ids.add(r.id);
    }
  }
  expect(ids.size).toBe(1203);
  // The first request asks for 100; the pages of 500 start again at page 1 (its first 100 are dropped).
  expect(requests.map((p) => `${p.get('page')}/${p.get('pagesize')}`)).toEqual(['1/100', '1/500', '2/500', '3/500']);
  expect(chunks[0]).toBe(100);
  expect(progress[0]).toEqual({ read: 100, total: 1203, done: false });
  expect(progress.at(-1)).toEqual({ read: 1203, total: 1203, done: true });
  expect(progress.slice(0, -1).every((p) => !p.done)).toBe(true);
});

it('without a smaller first request, page 1 of 500 gives the count and the other pages follow', async () => {
  const progress: PagesRead[] = [];
  const chunks: unknown[][] = [];
  for await (const chunk of streamPages('listRouters', { listall: true }, { onProgress: (p) => progress.push(p) })) chunks.push(chunk);
  expect(requests).toHaveLength(3);
  expect(chunks.flat()).toHaveLength(1203);
  expect(progress.at(-1)?.done).toBe(true);
});

it('ends a stream with the error of a failed page', async () => {
  vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init: RequestInit = {}) => {
    const page = Number((init.body as URLSearchParams).get('page'));
    if (page === 2) return new Response(JSON.stringify({ listroutersresponse: { errorcode: 530, errortext: 'page two failed' } }), { status: 530 });
    return new Response(JSON.stringify({ listroutersresponse: { count: 1203, router: routers((page - 1) * 500, page * 500) } }), { status: 200 });
  });
  const seen: number[] = [];
  await expect(
    (async () => {
      for await (const chunk of streamPages('listRouters', {}, { coalesceMs: 0 })) seen.push(chunk.length);
    })(),
  ).rejects.toThrow('page two failed');
  expect(seen[0]).toBe(500);
});

it('gives chunks that each hold at least half as many objects as were read before them (the last excepted)', async () => {
  const chunks: number[] = [];
  for await (const chunk of streamPages('listRouters', {}, { pagesize: 50, firstPagesize: 10, coalesceMs: 0 })) chunks.push(chunk.length);
  expect(chunks.reduce((a, b) => a + b, 0)).toBe(1203);
  let read = 0;
  chunks.forEach((n, i) => {
    if (i > 0 && i < chunks.length - 1) expect(n).toBeGreaterThanOrEqual(read / 2);
    read += n;
  });
  // 25 pages of 50 after the first 10: a handful of chunks, not one per page.
  expect(chunks.length).toBeLessThan(12);
});

it('holds the pages after the first until beforeRest resolves, then asks for at most `parallel` at a time', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const answer = globalThis.fetch;
  let inFlight = 0;
  let most = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    try {
      return await answer(input, init);
    } finally {
      inFlight -= 1;
    }
  });
  const stream = streamPages('listRouters', {}, { pagesize: 100, firstPagesize: 10, parallel: 2, coalesceMs: 0, beforeRest: () => held });
  const first = await stream.next();
  expect(first.value).toHaveLength(10);
  const rest = stream.next();
  await new Promise((resolve) => setTimeout(resolve, 0));
  // Only the first request while held.
  expect(requests.map((r) => r.get('page'))).toEqual(['1']);
  release();
  const chunks: number[] = [];
  const next = await rest;
  if (!next.done) chunks.push(next.value.length);
  for await (const chunk of stream) chunks.push(chunk.length);
  expect(chunks.reduce((a, b) => a + b, 10)).toBe(1203);
  // Every page of 100 was asked for once, after the held first request.
  expect(requests.slice(1).map((r) => Number(r.get('page'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  expect(most).toBe(2);
});
