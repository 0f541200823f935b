import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ROUTERS, FIRST_VIEW } from '../../src/api/early';
import { startServer, type StartedServer } from '../main-lib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { indexFor, routersFirstView, renderFirstView } from './firstView';

const INDEX = '<!doctype html><html lang="en"><head><title>t</title></head><body><div id="root"></div></body></html>';

/** The rows of a first view: each row's cells' texts, without the empty selection and action cells (the app's). */
function rowsOf(html: string): string[][] {
  return [...html.matchAll(/<tr data-testid="first-view-row">(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]!).filter((_, i) => i !== 0 && i !== 2),
  );
}

/** The listRouters answer a first view holds, and its status. */
function answerOf(html: string): unknown {
  const m = /<script type="application\/json" id="first-view-answer" data-status="(\d+)" data-type="[^"]*">(.*?)<\/script>/s.exec(html);
  return m ? JSON.parse(m[2]!) : undefined;
}
const statusOf = (html: string) => Number(/data-status="(\d+)"/.exec(html)?.[1]);

/** A serving process whose session check finds an admin and whose listRouters answers `status`, `body`. */
let listRouters = 0;
const fakeApp = (status: number, body: unknown) =>
  ({
    inject: async ({ url }: { url: string }) => {
      if (url === '/client/api') listRouters += 1;
      const [code, json] = url === '/client/session' ? [200, { session: { sessionkey: 'k', type: '1' } }] : [status, body];
      return { statusCode: code, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify(json), json: () => json };
    },
  }) as unknown as FastifyInstance;
/** A request of the page with its own session (answers are shared per session and query: FIRST_VIEW_SHARE_MS). */
const requestOf = (session: string) => ({ headers: { cookie: `JSESSIONID=${session}`, host: '127.0.0.1' }, ip: '127.0.0.1' }) as unknown as FastifyRequest;


describe('the routers\' first view', () => {
  let parent: string;
  let server: StartedServer;
  const cookies = new Map<string, { cookie: string; sessionkey: string }>();

  const logIn = async (username: string, domain = '/') => {
    const r = await fetch(new URL('/client/api', server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'login', username, password: 'password', domain, response: 'json' }),
    });
    expect(r.status, username).toBe(200);
    const body = (await r.json()) as { loginresponse: { sessionkey: string } };
    cookies.set(username, { cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), sessionkey: body.loginresponse.sessionkey });
  };
  const firstView = (username: string | undefined, query = '') =>
    fetch(new URL(`${FIRST_VIEW.path}${query ? `?${query}` : ''}`, server.url), { headers: username ? { cookie: cookies.get(username)!.cookie } : {} });

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'first-view-'));
    mkdirSync(join(parent, 'assets'));
    writeFileSync(join(parent, 'index.html'), INDEX);
    server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: parent, options: { database: ':memory:', routers: 250 } });
    await logIn('admin');
    await logIn('alice', '/ROOT/Engineering/');
    await logIn('eng-admin', '/ROOT/Engineering/');
  });
  afterAll(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('draws the first page of routers for an admin, in the screen\'s order, with the very answer the API gives for that call', async () => {
    const r = await firstView('admin');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const html = await r.text();
    const answer = answerOf(html) as { listroutersresponse: { count: number; router: { name: string }[] } };
    // What the browser would have been answered to the same call.
    const { cookie, sessionkey } = cookies.get('admin')!;
    const api = await fetch(new URL('/client/api', server.url), {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...FIRST_ROUTERS, response: 'json', sessionkey }),
    });
    expect(answer).toEqual(await api.json());
    expect(answer.listroutersresponse.count).toBe(250);
    const rows = rowsOf(html);
    expect(rows).toHaveLength(100);
    // The screen's default columns (Name first) and order (names naturally: r-9 before r-10).
    const names = rows.map((row) => row[0]);
    const sorted = answer.listroutersresponse.router.map((x) => x.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(names).toEqual(sorted);
    expect(html).toContain('100 of 250 read');
    // Nothing of the session in the page.
    expect(html).not.toContain(sessionkey);
    expect(html).not.toContain(cookie.split('=')[1]!);
  });

  it('takes the page\'s columns, filters and sort from its query, as the screen reads them', async () => {
    const html = await (await firstView('admin', 'cols=name,state&state=Running&sort=-name')).text();
    const rows = rowsOf(html);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.length === 2 && row[1] === 'Running')).toBe(true);
    const names = rows.map((row) => row[0]!);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));
    expect([...html.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1])).toEqual(['', 'Name', 'Action', 'State']);
  });

  it('answers 204 without a session, for an end user (who may not list routers) and for a grouped view', async () => {
    for (const [who, query] of [[undefined, ''], ['alice', ''], ['admin', 'view=pod'], ['admin', 'frozen=account']] as const) {
      const r = await firstView(who, query);
      expect(r.status, `${who} ${query}`).toBe(204);
      expect(await r.text()).toBe('');
    }
    const stale = await fetch(new URL(FIRST_VIEW.path, server.url), { headers: { cookie: 'JSESSIONID=0123456789ABCDEF' } });
    expect(stale.status).toBe(204);
  });

  it('escapes every text: a name cannot open an element, and the answer cannot end its script element', async () => {
    const evil = '</script><img src=x onerror=alert(1)>&"\'';
    const text = JSON.stringify({ listroutersresponse: { count: 1, router: [{ id: 'r-1', name: evil, state: 'Running', zoneid: 'z-1', account: evil, requiresupgrade: true }] } });
    const html = renderFirstView(text, '');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><');
    expect(rowsOf(html)[0]![0]).toBe('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;');
    // The answer reads back as it was, in its element that no name can end.
    const page = (await routersFirstView(fakeApp(200, JSON.parse(text)), requestOf('ESC'), ''))!;
    expect(page).not.toContain('</script><');
    expect(answerOf(page)).toEqual(JSON.parse(text));
    // An error answer draws nothing.
    expect(() => renderFirstView(JSON.stringify({ listroutersresponse: { errorcode: 432, errortext: 'no' } }), '')).toThrow();
  });

  it('serves /routers with its first view preloaded (after the charset), as the page\'s first script asks for it', async () => {
    const built = '<!doctype html><html><head><meta charset="UTF-8" /><title>t</title></head><body><div id="root"></div></body></html>';
    const page = indexFor(built, '/routers?sort=-name&q=a"b');
    expect(page).toBe(built.replace('<meta charset="UTF-8" />', '<meta charset="UTF-8" /><link rel="preload" as="fetch" href="/client/first-view/routers?sort=-name&amp;q=a&quot;b" crossorigin>'));
    for (const url of ['/', '/routers/x', '/systemvms?x=1', '/login']) expect(indexFor(built, url)).toBe(built);
    const served = await (await fetch(new URL('/routers?view=all', server.url))).text();
    expect(served).toBe(indexFor(INDEX, '/routers?view=all'));
  });

  it('makes no call for a request that is not the page\'s own (Sec-Fetch-Site other than same-origin)', async () => {
    const { cookie } = cookies.get('admin')!;
    for (const site of ['cross-site', 'same-site', 'none']) {
      const r = await fetch(new URL(FIRST_VIEW.path, server.url), { headers: { cookie, 'Sec-Fetch-Site': site } });
      expect(r.status, site).toBe(204);
    }
    const own = await fetch(new URL(FIRST_VIEW.path, server.url), { headers: { cookie, 'Sec-Fetch-Site': 'same-origin' } });
    expect(own.status).toBe(200);
  });

  it('says to a domain admin, as the screen does, that the cluster column has no host list', async () => {
    const html = await (await firstView('eng-admin')).text();
    expect(rowsOf(html).length).toBeGreaterThan(0);
    expect(html).toContain('Cluster column: No host list for this role');
    expect(await (await firstView('admin')).text()).not.toContain('No host list');
  });
});

const ROUTERS_ANSWER = { listroutersresponse: { count: 1, router: [{ id: 'r-1', name: 'r-1-VM', state: 'Running', zoneid: 'z-1' }] } };

describe('a first view whose answer is not a list of routers, or asked for twice', () => {
  it('hands an error answer to the page as it came (the app shows its errortext and does not ask again), without an overlay', async () => {
    const error = { listroutersresponse: { uuidList: [], errorcode: 530, cserrorcode: 9999, errortext: 'DB is busy' } };
    const lines: string[] = [];
    const html = await routersFirstView(fakeApp(530, error), requestOf('ERR'), '', (line) => lines.push(line));
    expect(html).not.toContain('first-view-row');
    expect(html).not.toContain('id="first-view"');
    expect(statusOf(html!)).toBe(530);
    expect(answerOf(html!)).toEqual(error);
    expect(lines).toEqual([]);
  });

  it('makes one call for the page\'s preload and its own fetch of the same first view (a browser that does not reuse the preload)', async () => {
    listRouters = 0;
    const app = fakeApp(200, ROUTERS_ANSWER);
    const one = requestOf('ONE');
    const [a, b] = await Promise.all([routersFirstView(app, one, 'sort=-name'), routersFirstView(app, one, 'sort=-name')]);
    expect(a).toBe(b);
    expect(listRouters).toBe(1);
    // Another session, or another query, is a call of its own.
    const two = requestOf('TWO');
    await routersFirstView(app, two, 'sort=-name');
    await routersFirstView(app, one, '');
    expect(listRouters).toBe(3);
  });

  it('hands an answer it cannot draw to the page too, and logs why it drew nothing', async () => {
    const odd = { listroutersresponse: { count: 1, router: [{ id: 'r-1' }] } };
    const lines: string[] = [];
    const html = await routersFirstView(fakeApp(200, odd), requestOf('ODD'), '', (line) => lines.push(line));
    expect(html).not.toContain('id="first-view"');
    expect(statusOf(html!)).toBe(200);
    expect(answerOf(html!)).toEqual(odd);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^first view of \/routers not drawn: /);
  });
});
