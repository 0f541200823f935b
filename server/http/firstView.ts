/**
 * The routers screen's first view, drawn by the serving process.
 *
 * The page's first script (src/api/early.ts, FIRST_VIEW) asks for `GET /client/first-view/routers?<the page's
 * query>` at once on /routers, in parallel with the session check: a path under /client, where the browser sends
 * the session cookie (CloudStack's JSESSIONID is scoped to /client). With a session that may list routers, the serving
 * process sends listRouters page 1 for it and answers the listRouters answer as it came (status, type and body, in a
 * `<script type="application/json">`: the app reads it instead of sending that call, an error answer included) and,
 * when it is a list, a plain table of those routers as the screen will show them (same columns, filters, search and
 * order, in the screen's layout: a read-only overlay in the frame's place). The rows are on screen while the app's
 * code is still arriving; the app removes the overlay once its own table has rows, or an error, or the user has
 * gone elsewhere (dismissFirstView).
 *
 * The calls are the browser's own, sent through this server's own routes (Fastify's inject) with the browser's
 * cookie: the simulator's dispatcher, or forwarding to a real management server, answers exactly as it would have
 * answered the browser (same session, role, limits, errors), and a real cloud gets no more calls than without the
 * first view: the browser does not send this listRouters, whatever its answer. Nothing of the session (its key)
 * goes into the answer. No call is made, and the answer is 204 (the page then sends listRouters itself when its
 * role may), without a session, for an end user (account type 0), for a grouped view, or for a request that is not
 * the page's own (`Sec-Fetch-Site` other than same-origin: a cross-site link must not make calls with the cookie
 * alone, which CloudStack's session key exists to prevent).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FIRST_ROUTERS, FIRST_VIEW } from '../../src/api/early';
import { parseResponse } from '../../src/api/parse';
import { COLUMN_BY_ID, columnWidths, NO_HOST_LIST, type ColumnId } from '../../src/features/routers/columns';
import { filterRouters, sortRouters } from '../../src/features/routers/filtering';
import { EMPTY_HOST_INDEX } from '../../src/features/routers/hostIndex';
import { parseViewState } from '../../src/features/routers/urlState';
import { plural } from '../../src/lib/plural';
import { parseCookies } from './security';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * JSON inside `<script type="application/json">`: `<` written as `\u003c` (valid in JSON strings, and `<` occurs
 * nowhere else in JSON), so that no `</script>` or `<!--` in a router's name can end or change the element.
 */
const scriptJson = (json: string): string => json.replace(/</g, '\\u003c');

/**
 * The overlay's look: the routers screen's layout (src/app/layout/AppLayout.tsx: header 56 px, navigation 240 px,
 * padding md; src/features/routers/RoutersPage.tsx: a Stack with gap md of the title, the toolbar, the counts and the
 * table; RoutersToolbar.tsx: its controls' labels and widths; RouterTable: rows of 38 px, a 40 px selection column,
 * the name, a 104 px action column, the other columns), in Mantine's default colours, light or dark as the app
 * will be (early.ts sets data-mantine-color-scheme before this is drawn), so that the app's table takes its place
 * where it stands.
 */
const STYLE = `<style>
#first-view{position:fixed;inset:0;z-index:1000;overflow:hidden;cursor:progress;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.55;background:#fff;color:#000;--fv-border:#dee2e6;--fv-dim:#868e96;--fv-input:#fff}
:root[data-mantine-color-scheme=dark] #first-view{background:#242424;color:#c9c9c9;--fv-border:#424242;--fv-dim:#828282;--fv-input:#2e2e2e}
@media (prefers-color-scheme:dark){:root:not([data-mantine-color-scheme=light]) #first-view{background:#242424;color:#c9c9c9;--fv-border:#424242;--fv-dim:#828282;--fv-input:#2e2e2e}}
#first-view .fv-header{height:56px;box-sizing:border-box;border-bottom:1px solid var(--fv-border);display:flex;align-items:center;gap:8px;padding:0 16px;font-weight:700;font-size:18px}
#first-view .fv-nav{position:absolute;top:56px;left:0;bottom:0;width:240px;box-sizing:border-box;border-right:1px solid var(--fv-border)}
#first-view .fv-main{position:absolute;top:56px;left:240px;right:0;bottom:0;padding:16px;overflow:hidden;display:flex;flex-direction:column;gap:16px}
#first-view .fv-main>*{flex:none}
#first-view h1{margin:0;font-size:34px;line-height:1.3;font-weight:700}
#first-view .fv-tools{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
#first-view .fv-tools span{display:block;font-weight:500;margin-bottom:3px}
#first-view .fv-tools i{display:block;height:36px;box-sizing:border-box;border:1px solid var(--fv-border);border-radius:4px;background:var(--fv-input)}
#first-view .fv-tools b{display:block;height:36px;box-sizing:border-box;padding:0 18px;line-height:34px;border:1px solid var(--fv-border);border-radius:4px;font-weight:600}
#first-view .fv-frozen{height:30px}
#first-view .fv-read{margin:0;line-height:1.45;color:var(--fv-dim)}
#first-view table{border-collapse:separate;border-spacing:0;table-layout:fixed;border:1px solid var(--fv-border);border-radius:4px}
#first-view th,#first-view td{height:38px;box-sizing:border-box;padding:0 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;text-align:left;border-bottom:1px solid var(--fv-border)}
#first-view th{font-weight:700}
@media (max-width:48em){#first-view .fv-nav{display:none}#first-view .fv-main{left:0}}
</style>`;

/** The toolbar's controls (RoutersToolbar.tsx): label and width in px; the Columns button last. */
const TOOLS: readonly [label: string, width: number][] = [
  ['Select view', 180], ['Search', 200], ['State', 170], ['Requires upgrade', 170], ['Type', 190], ['Version', 160], ['Hypervisor', 170],
];

/** The table's selection and action columns (RouterTable.tsx), px. */
const SELECT_WIDTH = 40;
const ACTION_WIDTH = 104;

/**
 * A text's width in the table's font (14 px, Mantine's system font stack), estimated: the browser measures it on a
 * canvas (measureCellText), which the server does not have; columnWidths then sizes the columns as the screen will.
 */
const estimateWidth = (text: string, bold: boolean): number => text.length * (bold ? 8.2 : 7.4);

/** A listRouters answer as the server gave it. */
interface FirstAnswer {
  status: number;
  type: string;
  text: string;
  /** The caller's account type (login's `type`: 1 root admin, 2 domain admin, ...). */
  accountType: string;
}

/**
 * The first view for the browser whose request this is (`query`: the routers page's query string, without `?`), or
 * undefined when no call was made (see the file's comment). `log` is told why a first view was not drawn (no
 * parameter or answer text in it). Never throws.
 */
export async function routersFirstView(
  app: FastifyInstance,
  request: FastifyRequest,
  query: string,
  log: (line: string) => void = () => {},
): Promise<string | undefined> {
  const cookie = request.headers.cookie;
  const jsessionid = cookie ? parseCookies(cookie).JSESSIONID : undefined;
  if (!cookie || !jsessionid) return undefined;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return undefined;
  if (!drawnFor(query)) return undefined;
  let answer: FirstAnswer | undefined;
  try {
    answer = await shared(`${jsessionid} ${query}`, () => firstPage(app, request, cookie));
  } catch (err) {
    log(`first view of /routers: the calls failed: ${(err as Error).message}`);
    return undefined;
  }
  if (!answer) return undefined;
  let view = '';
  if (answer.status === 200) {
    try {
      view = renderFirstView(answer.text, query, answer.accountType);
    } catch (err) {
      // The app reads the same answer and says what is wrong with it.
      log(`first view of /routers not drawn: ${(err as Error).message.slice(0, 200)}`);
    }
  }
  return `${view}${answerElement(answer)}`;
}

/**
 * How long after it came a first view's answer is shared with a second request for the same session and query (ms):
 * a browser that does not reuse the page's preload of the first view (its answer is no-store) asks again as soon as
 * the page's first script runs, and must not make a second listRouters call to the management server. Short, as a
 * reload of the page within it gets that answer again.
 */
export const FIRST_VIEW_SHARE_MS = 1000;

/** The first views being made or just made: one call per session and query (see FIRST_VIEW_SHARE_MS). */
const inFlight = new Map<string, Promise<FirstAnswer | undefined>>();

/**
 * `make()`'s answer, shared by every request with the same `key` while it is made and for FIRST_VIEW_SHARE_MS
 * after (at most twice: the preload and the page's own fetch); at most 1,000 keys at a time.
 */
function shared(key: string, make: () => Promise<FirstAnswer | undefined>): Promise<FirstAnswer | undefined> {
  const known = inFlight.get(key);
  if (known) {
    inFlight.delete(key);
    return known;
  }
  if (inFlight.size >= 1000) inFlight.clear();
  const made = make();
  inFlight.set(key, made);
  const forget = () => setTimeout(() => inFlight.get(key) === made && inFlight.delete(key), FIRST_VIEW_SHARE_MS).unref();
  made.then(forget, forget);
  return made;
}

/** The answer's element: its text (`<` written `\u003c`), status and content type, for the page's first script. */
function answerElement(answer: FirstAnswer): string {
  return `<script type="application/json" id="${FIRST_VIEW.answer}" data-status="${answer.status}" data-type="${escapeHtml(answer.type)}">${scriptJson(answer.text)}</script>`;
}

/** Whether the routers page with this query (without `?`) starts with the list the first view draws (not a grouped view). */
function drawnFor(query: string): boolean {
  const state = parseViewState(new URLSearchParams(query));
  return state.view === 'all' && !state.frozen;
}

/**
 * Registers `GET /client/first-view/routers?<query>` (no HEAD: it would make the call for nothing): 200 with the
 * first view (text/html, a fragment: the overlay when the answer is a list, and the answer's element; never stored
 * by a cache), or 204 when no call was made.
 */
export function registerFirstView(app: FastifyInstance, log: (line: string) => void): void {
  app.route({
    method: 'GET',
    url: FIRST_VIEW.path,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const at = request.url.indexOf('?');
      const view = await routersFirstView(app, request, at < 0 ? '' : request.url.slice(at + 1), log);
      reply.header('Cache-Control', 'no-store');
      return view === undefined ? reply.code(204).send() : reply.type('text/html; charset=utf-8').send(view);
    },
  });
}

/**
 * The session check and listRouters page 1 through this server's own routes, as the browser would send them: the
 * answer (any status), or undefined when no call was made (no session, an end user).
 */
async function firstPage(app: FastifyInstance, request: FastifyRequest, cookie: string): Promise<FirstAnswer | undefined> {
  const headers = { cookie, host: request.headers.host ?? '127.0.0.1', 'user-agent': request.headers['user-agent'] ?? '' };
  const session = await app.inject({ method: 'GET', url: '/client/session', headers, remoteAddress: request.ip });
  if (session.statusCode !== 200) return undefined;
  const user = (session.json() as { session?: { sessionkey?: unknown; type?: unknown } | null }).session;
  // An end user (type 0) may not list routers: ListRoutersCmd is an admin command (api/command/admin/router), 432
  // to the default User role (the simulator: server/api/apis.ts mayCall).
  if (typeof user?.sessionkey !== 'string' || user.type === '0') return undefined;
  const answer = await app.inject({
    method: 'POST',
    url: '/client/api',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
    payload: new URLSearchParams({ ...FIRST_ROUTERS, response: 'json', sessionkey: user.sessionkey }).toString(),
    remoteAddress: request.ip,
  });
  const type = String(answer.headers['content-type'] ?? 'application/json');
  return { status: answer.statusCode, type, text: answer.body, accountType: String(user.type ?? '') };
}

/**
 * The first view of a listRouters answer (`text`, JSON) for the routers page's query (without `?`): the overlay,
 * with the first page as the app's table will show it (the query's columns, filters, search and order, read and
 * applied by the screen's own modules; the cluster column is empty until the app has the hosts), its style inside
 * it. `accountType` is the caller's (login's type): the screen says, for any but a root admin (listHosts is
 * RoleType.Admin only), that the cluster column has no host list. Every text is escaped. Throws when the answer is
 * not a listRouters answer (parseResponse: an error answer throws its CloudStackError).
 */
export function renderFirstView(text: string, query: string, accountType = '1'): string {
  const state = parseViewState(new URLSearchParams(query));
  const page = parseResponse('listRouters', JSON.parse(text) as unknown);
  const rows = filterRouters(sortRouters(page.items, state.sort, EMPTY_HOST_INDEX), state.filters, state.search);
  const columns = state.columns.map((id) => COLUMN_BY_ID.get(id)!).filter(Boolean);
  const widths = columnWidths(page.items, state.columns, EMPTY_HOST_INDEX, estimateWidth);
  const widthOf = (id: ColumnId) => widths.get(id) ?? COLUMN_BY_ID.get(id)!.width;
  const width = SELECT_WIDTH + ACTION_WIDTH + columns.reduce((sum, c) => sum + widthOf(c.id), 0);
  // The selection and action columns are empty: the app's table brings them.
  const cells = (texts: string[], tag: 'th' | 'td', action = '') =>
    texts.map((t, i) => `<${tag}>${escapeHtml(t)}</${tag}>${i === 0 ? `<${tag}>${action}</${tag}>` : ''}`).join('');
  const head =
    `<colgroup><col style="width:${SELECT_WIDTH}px">${columns.map((c, i) => `<col style="width:${widthOf(c.id)}px">${i === 0 ? `<col style="width:${ACTION_WIDTH}px">` : ''}`).join('')}</colgroup>` +
    `<thead><tr><th></th>${cells(columns.map((c) => c.label), 'th', 'Action')}</tr></thead>`;
  const body = rows
    .map((r) => `<tr data-testid="${FIRST_VIEW.row}"><td></td>${cells(columns.map((c) => c.text(r, EMPTY_HOST_INDEX)), 'td')}</tr>`)
    .join('');
  const tools = TOOLS.map(([label, w]) => `<div style="width:${w}px"><span>${label}</span><i></i></div>`).join('') + '<b>Columns</b>';
  const read = page.count > page.items.length
    ? `Reading the routers: ${page.items.length.toLocaleString('en')} of ${page.count.toLocaleString('en')} read…`
    : `${page.count.toLocaleString('en')} ${plural(page.count, 'router')} read`;
  // RoutersPage's line for a role without listHosts (NO_HOST_LIST), which takes its place above the table.
  const noHosts = accountType !== '1' && state.columns.includes('cluster')
    ? `<p class="fv-read">${escapeHtml(`Cluster column: ${NO_HOST_LIST}`)}</p>`
    : '';
  const overlay =
    `<div id="${FIRST_VIEW.view}" aria-hidden="true">${STYLE}` +
    `<div class="fv-header"><img src="/favicon.svg" alt="" width="24" height="24">CloudStack System VMs</div>` +
    `<div class="fv-nav"></div>` +
    `<div class="fv-main"><h1>Virtual routers</h1><div class="fv-tools">${tools}</div>` +
    `<div class="fv-frozen"></div><p class="fv-read">${escapeHtml(read)}</p>${noHosts}` +
    `<table style="width:${width}px">${head}<tbody>${body}</tbody></table></div></div>`;
  return overlay;
}

/**
 * index.html for a request of `url` (path and query): for /routers, with the preload of its first view (after the
 * charset), which the page's first script then fetches with the same URL (src/api/early.ts); else as built.
 */
export function indexFor(indexHtml: string, url: string): string {
  const [path, query] = url.split('?');
  if (path !== '/routers') return indexHtml;
  const href = `${FIRST_VIEW.path}${query ? `?${query}` : ''}`;
  // As early.ts fetches it (CORS mode, credentials same-origin), so that the fetch takes the preloaded answer.
  const link = `<link rel="preload" as="fetch" href="${escapeHtml(href)}" crossorigin>`;
  const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(indexHtml);
  if (charset) return indexHtml.replace(charset[0], () => `${charset[0]}${link}`);
  return indexHtml.replace('<head>', () => `<head>${link}`);
}
