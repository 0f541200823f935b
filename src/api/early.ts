/**
 * The page's first script: an entry of its own (vite.config.ts, plugin `earlyStart`), which index.html loads
 * with `async` before the app, and which imports nothing, so that it runs as soon as it has arrived (a few ms
 * after the HTML) while the app's code is still downloading. It
 *  - sends the session check (GET /client/session; index.html preloads it, so it goes out with the HTML's first
 *    requests);
 *  - preloads the files of the route the URL names (the plan the build wrote into index.html,
 *    `<meta name="early-start">`, see EARLY_ROUTES in vite.config.ts): the frame, the screen, the answer parsers;
 *  - on /routers, asks the serving process for the routers' first view (FIRST_VIEW; index.html of /routers preloads
 *    it), which it draws as soon as it comes: the first page of routers, before the app's code has run;
 *  - once the session check has answered with a session, sends the route's first API calls with its key (listApis,
 *    which the frame waits for; on / and /routers the first page of routers, unless the first view brought it).
 * The app takes all this once (takeEarlyStart, src/app/main.tsx) and hands it to the transport, which reads the
 * session answer and the API answers as if it had sent them (parsed as always). The session key is read here
 * only to send those calls and is kept nowhere: not in a global, storage, the URL or a log.
 *
 * Without the plan (the development server, tests), nothing starts; a failed early request leaves the app to
 * send its own.
 */
import type { EarlyCall, EarlyStart } from './transport';

/**
 * The plan the build writes into index.html (`<meta name="early-start" content="...">`, JSON; vite.config.ts,
 * EARLY_ROUTES in vite.config.ts): `f` the built files (paths under the site's root, e.g. assets/RoutersPage-x.js), `r`
 * each route with the indexes in `f` of its files, in the order they are to be requested. A route is a pathname;
 * `/x/*` matches every path under /x/; `*` is any other path.
 */
export interface EarlyPlan {
  f: string[];
  r: [route: string, files: number[]][];
}

/** listApis: what the caller's role may call (src/api/queries/useApis.ts). */
const LIST_APIS = { command: 'listApis' };
/**
 * The first request of the routers (src/api/queries/useRouters.ts: routersQueryOptions, FIRST_ROUTERS); the
 * transport takes its answer only when its own request is the same (src/api/early.test.ts checks that it is).
 */
export const FIRST_ROUTERS = { command: 'listRouters', listall: 'true', projectid: '-1', page: '1', pagesize: '100' };

/**
 * The routers screen's first view, which the serving process draws (server/http/firstView.ts): `path` where this
 * script asks for it (with the page's query; index.html of /routers preloads it); `view` the id of its overlay;
 * `row` the data-testid of its rows; `answer` the id of its `<script type="application/json">` that holds the listRouters answer (FIRST_ROUTERS, with
 * its status and content type as data-status and data-type), which the app reads instead of sending that call.
 */
export const FIRST_VIEW = {
  path: '/client/first-view/routers',
  view: 'first-view',
  row: 'first-view-row',
  answer: 'first-view-answer',
} as const;

/** Set once the app has rendered: a first view that arrives later is not drawn (the app shows the screen itself). */
let firstViewDismissed = false;

/**
 * Removes the first view's overlay (once the app shows the screen itself, an error, or another screen), and keeps
 * one that has not arrived yet from being drawn.
 */
export function dismissFirstView(): void {
  firstViewDismissed = true;
  document.getElementById(FIRST_VIEW.view)?.remove();
}

/** Set once the app's code runs (appRendered). */
let appStarted = false;

/**
 * Called on the app's first render (src/app/main.tsx): a first view that has not arrived by then is not drawn over
 * what the app already shows; one that is on screen stays until the routers screen takes its place.
 */
export function appRendered(): void {
  appStarted = true;
  firstViewDismissed = true;
}

/**
 * Draws a first view (the serving process's HTML fragment: the overlay with its style, and the answer's element)
 * unless the app has rendered meanwhile, or the page is no longer /routers; answers the listRouters answer it holds,
 * which is the app's in any case. The fragment is this server's own, every text in it escaped there.
 */
function drawFirstView(html: string): Response | undefined {
  const template = document.createElement('template');
  template.innerHTML = html;
  const element = template.content.getElementById(FIRST_VIEW.answer);
  const text = element?.textContent;
  const answer = element && text
    ? new Response(text, { status: Number(element.dataset.status) || 200, headers: { 'Content-Type': element.dataset.type || 'application/json' } })
    : undefined;
  element?.remove();
  const overlay = template.content.getElementById(FIRST_VIEW.view);
  if (overlay && !firstViewDismissed && location.pathname === '/routers') {
    (document.body ?? document.documentElement).append(overlay);
    checkEntry();
  }
  return answer;
}

/** The text the first view shows when the app's code did not load. */
const NOT_LOADED = "The console's code did not load. Reload the page to try again.";

/** The first view's overlay says that the app's code did not load, and stops looking like a screen still loading. */
function sayNotLoaded(overlay: HTMLElement): void {
  const line = overlay.querySelector('.fv-read');
  if (line) line.textContent = NOT_LOADED;
  overlay.style.cursor = 'auto';
}

/**
 * Once the page has loaded (every script of it run or failed: the app's entry runs before the load event), a first
 * view still without the app means that the app's code did not load (the network, a deployment that replaced the
 * files) or failed at once: the overlay says so.
 */
function checkEntry(): void {
  if (appStarted || document.readyState !== 'complete') return;
  const overlay = document.getElementById(FIRST_VIEW.view);
  if (overlay) sayNotLoaded(overlay);
}

/** The API calls a path starts with: none on /login and in a console window, listApis in the frame, routers too. */
export function earlyCalls(path: string): Record<string, string>[] {
  if (path === '/login' || path.startsWith('/console/')) return [];
  return path === '/' || path === '/routers' ? [LIST_APIS, FIRST_ROUTERS] : [LIST_APIS];
}

/**
 * The plan's files for a pathname: those of the first route that is the path or, ending in `*`, a prefix of it
 * (`*` alone: any path; the build writes the routes in that order).
 */
export function routeFiles(plan: EarlyPlan, path: string): string[] {
  const entry = plan.r.find(([route]) => route === path || (route.endsWith('*') && path.startsWith(route.slice(0, -1))));
  return (entry?.[1] ?? []).map((i) => `/${plan.f[i]}`);
}

/** Sends `calls` with the session key of a session answer (a Response of /client/session). */
async function sendCalls(session: Response, calls: Record<string, string>[], firstView: Promise<Response | undefined> | undefined): Promise<EarlyCall[]> {
  const user = ((await session.json()) as { session?: { sessionkey?: unknown; type?: unknown } | null }).session;
  const key = user?.sessionkey;
  if (typeof key !== 'string') return [];
  // A user account (type 0) may not list routers: ListRoutersCmd is an admin command (package
  // org.apache.cloudstack.api.command.admin.router), which the default User role's listApis does not name and which
  // answers 432 to it (the simulator: access 'admin', server/api/apis.ts mayCall). The app sends it only to roles
  // whose listApis has it.
  const allowed = user?.type === '0' ? calls.filter((params) => params.command !== FIRST_ROUTERS.command) : calls;
  const send = (params: Record<string, string>) =>
    fetch('/client/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' },
      body: new URLSearchParams({ ...params, response: 'json', sessionkey: key }),
      credentials: 'same-origin',
      priority: 'high',
    });
  return allowed.map((params) => {
    // The first routers come with the first view when the serving process drew one; else they are asked for here.
    const answer = firstView && params === FIRST_ROUTERS
      ? firstView.then((answer) => answer ?? send(params))
      : send(params);
    // Handled by whoever takes it; a failure here must not be reported as unhandled meanwhile.
    answer.catch(() => undefined);
    return { params: { ...params, response: 'json' }, answer };
  });
}

/** Asks for the files of a route: stylesheets, and module preloads that Vite's own preloading then finds done. */
function preload(files: string[]): void {
  const links = document.createDocumentFragment();
  for (const file of files) {
    const link = document.createElement('link');
    link.rel = file.endsWith('.css') ? 'stylesheet' : 'modulepreload';
    // As Vite's own preloads (and the module scripts) ask: CORS mode, credentials same-origin.
    link.crossOrigin = '';
    link.href = file;
    links.append(link);
  }
  document.head.append(links);
}

/**
 * The colour scheme the app will take (Mantine's localStorage manager, key mantine-color-scheme-value; the app's
 * default is auto) on the page's root element, as Mantine sets it, so that the first view is drawn in it.
 */
function colourScheme(): void {
  try {
    const stored = localStorage.getItem('mantine-color-scheme-value');
    if (stored === 'light' || stored === 'dark') document.documentElement.setAttribute('data-mantine-color-scheme', stored);
  } catch {
    // Storage refused (private mode, a policy): the system's preference applies (the first view's media query).
  }
}

/** Starts the session check, the route's calls and its preloads; `plan` as the build wrote it. */
function start(plan: EarlyPlan): EarlyStart {
  const path = location.pathname.length > 1 ? location.pathname.replace(/\/+$/, '') : location.pathname;
  // Exactly the request of index.html's <link rel="preload" as="fetch" crossorigin> (no header of its own, CORS mode,
  // credentials same-origin), so that this takes the preloaded answer, asked for while the HTML was read.
  const session = fetch('/client/session', { credentials: 'same-origin' });
  const wanted = earlyCalls(path);
  // On /routers the first view, at once (index.html preloads this very request): drawn when it arrives, unless the
  // app is drawing the page by then.
  let firstView: Promise<Response | undefined> | undefined;
  if (path === '/routers') {
    colourScheme();
    if (typeof addEventListener === 'function') addEventListener('load', checkEntry);
    firstView = fetch(`${FIRST_VIEW.path}${location.search}`, { credentials: 'same-origin' })
      .then((r) => (r.status === 200 ? r.text() : undefined))
      .then((html) => (html ? drawFirstView(html) : undefined))
      .catch(() => undefined);
  }
  // Cloned at once (this reaction comes before the transport's): the transport reads the answer's own body.
  const calls = session.then((r) => (r.ok && wanted.length ? sendCalls(r.clone(), wanted, firstView) : []), () => []).catch(() => []);
  // The route's files are asked for once the calls have gone out (or the check found no session, or failed): the
  // browser's six connections to this host then take the calls before the files, which queue behind the entry's
  // own files anyway.
  if (path !== '/login') void calls.then(() => preload(routeFiles(plan, path)));
  return { session, calls };
}

let started: EarlyStart | undefined;
const planElement = typeof document === 'undefined' ? null : document.querySelector<HTMLMetaElement>('meta[name="early-start"]');
if (planElement) {
  try {
    started = start(JSON.parse(planElement.content) as EarlyPlan);
  } catch {
    started = undefined;
  }
}

/** What this script started, once: the first call answers it, every later one undefined. */
export function takeEarlyStart(): EarlyStart | undefined {
  const taken = started;
  started = undefined;
  return taken;
}
