import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { EarlyPlan } from './early';
import { adoptEarlyStart, resetTransportForTests, resumeSession } from './transport';
import { routersQueryOptions } from './queries/useRouters';

/**
 * The page's first script (early.ts) as it runs in a page: a document holding the build's plan, a location, and
 * fetch. The module starts at import, so each test imports a fresh copy after setting these up.
 */
interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  params: URLSearchParams;
}

const KEY = 'early-secret-key';
const session = { session: { sessionkey: KEY, userid: 'u-1', username: 'admin', account: 'admin', domainid: 'd-1', type: '1' } };
const plan: EarlyPlan = {
  f: ['assets/AppLayout-a.css', 'assets/AppLayout-b.js', 'assets/RoutersPage-c.js', 'assets/parse-d.js', 'assets/ConsoleWindowPage-e.js'],
  r: [
    ['/routers', [0, 1, 2, 3]],
    ['/console/*', [3, 4]],
    ['*', [0, 1, 3]],
  ],
};

let sent: Sent[];
let links: { rel: string; href: string; crossOrigin: string | null }[];
let answer: (url: string, params: URLSearchParams) => Response | Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Loads early.ts as a page at `path` would, with `withPlan` saying whether index.html holds the plan. */
async function loadAt(path: string, withPlan = true) {
  vi.stubGlobal('location', { pathname: path, search: '' });
  vi.stubGlobal('document', {
    querySelector: (selector: string) => (withPlan && selector === 'meta[name="early-start"]' ? { content: JSON.stringify(plan) } : null),
    createElement: () => ({ rel: '', href: '', crossOrigin: null }),
    createDocumentFragment: () => {
      const children: typeof links = [];
      return { children, append: (link: (typeof links)[number]) => children.push(link) };
    },
    head: { append: (fragment: { children: typeof links }) => links.push(...fragment.children) },
  });
  vi.resetModules();
  return import('./early');
}

beforeEach(() => {
  resetTransportForTests();
  sent = [];
  links = [];
  // The serving process draws no first view of the routers here (its own tests: earlyFirstView.test.ts).
  answer = (url) =>
    url === '/client/session' ? json(200, session) : url.startsWith('/client/first-view/') ? new Response(null, { status: 204 }) : json(200, { listapisresponse: { count: 0, api: [] } });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const params = init.body instanceof URLSearchParams ? init.body : new URLSearchParams();
    sent.push({ url: String(input), method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, params });
    return answer(String(input), params);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the early start', () => {
  it('on /routers: asks for the session and the first view at once, then (no first view) sends listApis and the first routers with the key, then preloads the route', async () => {
    const early = await loadAt('/routers');
    // At import, before anything else runs: the session check and the routers' first view.
    expect(sent.map((s) => s.url)).toEqual(['/client/session', '/client/first-view/routers']);
    // The request index.html preloads: no header of its own.
    expect(sent[0]?.headers).toEqual({});
    expect(links).toEqual([]);
    const start = early.takeEarlyStart();
    expect(start).toBeDefined();
    const calls = await start!.calls;
    await vi.waitFor(() => expect(links).toHaveLength(4));
    expect(links).toEqual([
      { rel: 'stylesheet', href: '/assets/AppLayout-a.css', crossOrigin: '' },
      { rel: 'modulepreload', href: '/assets/AppLayout-b.js', crossOrigin: '' },
      { rel: 'modulepreload', href: '/assets/RoutersPage-c.js', crossOrigin: '' },
      { rel: 'modulepreload', href: '/assets/parse-d.js', crossOrigin: '' },
    ]);
    expect(sent.slice(2).map((s) => [s.url, s.method, s.params.get('command'), s.params.get('sessionkey')])).toEqual([
      ['/client/api', 'POST', 'listApis', KEY],
      ['/client/api', 'POST', 'listRouters', KEY],
    ]);
    // What is handed over holds no key.
    expect(calls.map((c) => c.params)).toEqual([
      { command: 'listApis', response: 'json' },
      { command: 'listRouters', listall: 'true', projectid: '-1', page: '1', pagesize: '100', response: 'json' },
    ]);
    expect(JSON.stringify(calls)).not.toContain(KEY);
    // The session answer's body is still there for the transport to read.
    expect(await (await start!.session).json()).toEqual(session);
  });

  it('is taken once', async () => {
    const early = await loadAt('/routers');
    expect(early.takeEarlyStart()).toBeDefined();
    expect(early.takeEarlyStart()).toBeUndefined();
  });

  it('starts nothing without the plan (the development server, a page without it)', async () => {
    const early = await loadAt('/routers', false);
    expect(sent).toEqual([]);
    expect(links).toEqual([]);
    expect(early.takeEarlyStart()).toBeUndefined();
  });

  it('on /login: only the session check, no preloads and no calls', async () => {
    const early = await loadAt('/login');
    expect(await early.takeEarlyStart()!.calls).toEqual([]);
    expect(sent.map((s) => s.url)).toEqual(['/client/session']);
    expect(links).toEqual([]);
  });

  it('sends no call when the session check finds no session, or fails', async () => {
    answer = () => json(401, { session: null });
    let early = await loadAt('/routers');
    expect(await early.takeEarlyStart()!.calls).toEqual([]);
    expect(sent.map((s) => s.url)).toEqual(['/client/session', '/client/first-view/routers']);
    // The route's code is asked for all the same (the login page brings the user back to it).
    await vi.waitFor(() => expect(links).toHaveLength(4));

    sent = [];
    answer = () => Promise.reject(new TypeError('fetch failed'));
    early = await loadAt('/routers');
    expect(await early.takeEarlyStart()!.calls).toEqual([]);
    expect(sent.map((s) => s.url)).toEqual(['/client/session', '/client/first-view/routers']);
  });

  it('routes: a screen its own files, a console window its prefix, any other path the frame; listApis outside /login and consoles', async () => {
    const { routeFiles, earlyCalls } = await loadAt('/login');
    expect(routeFiles(plan, '/console/vm-1')).toEqual(['/assets/parse-d.js', '/assets/ConsoleWindowPage-e.js']);
    expect(routeFiles(plan, '/no-such-screen')).toEqual(['/assets/AppLayout-a.css', '/assets/AppLayout-b.js', '/assets/parse-d.js']);
    expect(routeFiles(plan, '/routers')).toEqual(['/assets/AppLayout-a.css', '/assets/AppLayout-b.js', '/assets/RoutersPage-c.js', '/assets/parse-d.js']);
    expect(earlyCalls('/console/vm-1')).toEqual([]);
    expect(earlyCalls('/systemvms').map((c) => c.command)).toEqual(['listApis']);
    expect(earlyCalls('/').map((c) => c.command)).toEqual(['listApis', 'listRouters']);
  });
});

describe('the early routers call', () => {
  it('is not sent for a user account (type 0), which may not list routers; listApis is', async () => {
    answer = (url) =>
      url === '/client/session' ? json(200, { session: { ...session.session, username: 'alice', account: 'alice', type: '0' } }) : json(200, { listapisresponse: { count: 0, api: [] } });
    const early = await loadAt('/routers');
    const calls = await early.takeEarlyStart()!.calls;
    expect(calls.map((c) => c.params.command)).toEqual(['listApis']);
    expect(sent.filter((s) => s.url === '/client/api').map((s) => s.params.get('command'))).toEqual(['listApis']);
  });

  it('is the request the routers query sends first, so that the transport takes its answer instead of sending it again', async () => {
    const early = await loadAt('/routers');
    const start = early.takeEarlyStart();
    answer = (url, params) =>
      url === '/client/session'
        ? json(200, session)
        : params.get('command') === 'listRouters'
          ? json(200, { listroutersresponse: { count: 0 } })
          : json(200, { listapisresponse: { count: 0, api: [] } });
    adoptEarlyStart(start);
    expect((await resumeSession())?.username).toBe('admin');
    const before = sent.length;
    const client = new QueryClient();
    await client.fetchQuery(routersQueryOptions());
    // Answered by the early request: the query itself sent nothing.
    expect(sent.slice(before)).toEqual([]);
    expect(sent.filter((s) => s.params.get('command') === 'listRouters')).toHaveLength(1);
  });
});
