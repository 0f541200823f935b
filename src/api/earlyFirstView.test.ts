// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { adoptEarlyStart, resetTransportForTests, resumeSession } from './transport';
import { routersQueryOptions } from './queries/useRouters';

/**
 * The routers' first view as the page's first script (early.ts) handles it in a document: drawn when the serving
 * process sends one, its answer handed to the app instead of a listRouters call, and removed by the app.
 */

const session = { session: { sessionkey: 'k', userid: 'u-1', username: 'admin', account: 'admin', domainid: 'd-1', type: '1' } };
const ROUTERS = { listroutersresponse: { count: 1, router: [{ id: 'r-1', name: 'r-1-VM', state: 'Running', zoneid: 'z-1' }] } };
/** An answer's element as the serving process writes it. */
const answerElement = (status: number, body: unknown) =>
  `<script type="application/json" id="first-view-answer" data-status="${status}" data-type="application/json;charset=UTF-8">${JSON.stringify(body)}</script>`;
const VIEW = `<div id="first-view" aria-hidden="true"><style>#first-view{position:fixed}</style><h1>Virtual routers</h1><p class="fv-read">Reading the routers: 1 of 1 read…</p><table><tbody><tr data-testid="first-view-row"><td>r-1-VM</td></tr></tbody></table></div>${answerElement(200, ROUTERS)}`;

let sent: { url: string; command: string | null }[];
/** The first view's answer, when the test lets it come. */
let viewAnswer: (r: Response) => void;

async function loadAtRouters() {
  vi.stubGlobal('location', { pathname: '/routers', search: '' });
  document.head.innerHTML =
    `<meta name="early-start" content='${JSON.stringify({ f: ['assets/RoutersPage-c.js'], r: [['/routers', [0]]] })}'>`;
  document.body.innerHTML = '<div id="root"></div>';
  vi.resetModules();
  return import('./early');
}

beforeEach(() => {
  resetTransportForTests();
  sent = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const command = init.body instanceof URLSearchParams ? init.body.get('command') : null;
    sent.push({ url, command });
    if (url === '/client/session') return new Response(JSON.stringify(session), { status: 200 });
    if (url.startsWith('/client/first-view/')) return new Promise<Response>((resolve) => (viewAnswer = resolve));
    if (command === 'listRouters') return new Response(JSON.stringify({ listroutersresponse: { count: 0 } }), { status: 200 });
    return new Response(JSON.stringify({ listapisresponse: { count: 0, api: [] } }), { status: 200 });
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the routers\' first view in the page', () => {
  it('is drawn when it comes; the app gets its listRouters answer and sends no listRouters', async () => {
    const early = await loadAtRouters();
    // At once, before any answer: the session check and the first view.
    expect(sent.slice(0, 2).map((s) => s.url)).toEqual(['/client/session', '/client/first-view/routers']);
    viewAnswer(new Response(VIEW, { status: 200, headers: { 'Content-Type': 'text/html' } }));
    await vi.waitFor(() => expect(document.querySelectorAll('[data-testid="first-view-row"]')).toHaveLength(1));
    // The answer is read out of the page, not left in it.
    expect(document.getElementById('first-view-answer')).toBeNull();

    const start = early.takeEarlyStart();
    adoptEarlyStart(start);
    expect((await resumeSession())?.username).toBe('admin');
    const data = await new QueryClient().fetchQuery(routersQueryOptions());
    expect(data.map((r) => r.name)).toEqual(['r-1-VM']);
    // listApis went out with the key; the first routers came with the first view.
    expect(sent.filter((s) => s.url === '/client/api').map((s) => s.command)).toEqual(['listApis']);

    early.dismissFirstView();
    expect(document.getElementById('first-view')).toBeNull();
  });

  for (const [what, before] of [
    ['the app has shown a screen of its own (dismissFirstView)', 'dismissFirstView'],
    ['the app has rendered before it came (appRendered)', 'appRendered'],
  ] as const) {
    it(`is not drawn once ${what}; its answer is still the app's`, async () => {
      const early = await loadAtRouters();
      const start = early.takeEarlyStart();
      early[before]();
      viewAnswer(new Response(VIEW, { status: 200 }));
      adoptEarlyStart(start);
      await resumeSession();
      const data = await new QueryClient().fetchQuery(routersQueryOptions());
      expect(data.map((r) => r.name)).toEqual(['r-1-VM']);
      expect(document.getElementById('first-view')).toBeNull();
      expect(sent.filter((s) => s.command === 'listRouters')).toEqual([]);
    });
  }

  it('hands an error answer to the app as it came: the app reads its errortext and does not ask again', async () => {
    const early = await loadAtRouters();
    const error = { listroutersresponse: { uuidList: [], errorcode: 530, cserrorcode: 9999, errortext: 'DB is busy' } };
    viewAnswer(new Response(answerElement(530, error), { status: 200 }));
    adoptEarlyStart(early.takeEarlyStart());
    await resumeSession();
    await expect(new QueryClient().fetchQuery({ ...routersQueryOptions(), retry: false })).rejects.toThrow('DB is busy');
    expect(sent.filter((s) => s.command === 'listRouters')).toEqual([]);
    expect(document.getElementById('first-view')).toBeNull();
  });

  it('says so when the page has loaded without the app\'s code, instead of looking like a screen still loading', async () => {
    await loadAtRouters();
    // The page has loaded (every script of it run or failed), and the app never ran (appRendered).
    expect(document.readyState).toBe('complete');
    viewAnswer(new Response(VIEW, { status: 200 }));
    await vi.waitFor(() => expect(document.getElementById('first-view')).not.toBeNull());
    expect(document.querySelector('#first-view .fv-read')?.textContent).toBe("The console's code did not load. Reload the page to try again.");
  });

  it('when the serving process has none (204), the first routers are asked for', async () => {
    const early = await loadAtRouters();
    viewAnswer(new Response(null, { status: 204 }));
    await early.takeEarlyStart()!.calls;
    await vi.waitFor(() => expect(sent.filter((s) => s.url === '/client/api').map((s) => s.command).sort()).toEqual(['listApis', 'listRouters']));
    expect(document.getElementById('first-view')).toBeNull();
  });
});
