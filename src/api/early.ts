/**
 * The page's first script: an entry of its own (vite.config.ts, plugin `earlyStart`), which index.html loads
 * with `async` before the app, and which imports nothing, so that it runs as soon as it has arrived (a few ms
 * after the HTML) while the app's code is still downloading. It
 *  - sends the session check (GET /client/session; index.html preloads it, so it goes out with the HTML's first
 *    requests);
 *  - preloads the files of the route the URL names (the plan the build wrote into index.html,
 *    `<meta name="early-start">`, see EARLY_ROUTES in vite.config.ts): the frame, the screen, the answer parsers;
 *  - once the session check has answered with a session, sends the route's first API calls with its key (listApis,
 *    which the frame waits for; on / and /routers the first page of routers).
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
const FIRST_ROUTERS = { command: 'listRouters', listall: 'true', projectid: '-1', page: '1', pagesize: '100' };

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
async function sendCalls(session: Response, calls: Record<string, string>[]): Promise<EarlyCall[]> {
  const user = ((await session.json()) as { session?: { sessionkey?: unknown; type?: unknown } | null }).session;
  const key = user?.sessionkey;
  if (typeof key !== 'string') return [];
  // A user account (type 0) may not list routers (CloudStack's ListRoutersCmd: RoleType Admin, ResourceAdmin,
  // DomainAdmin): the call would only answer 432, and the app sends it only to roles whose listApis has it.
  const allowed = user?.type === '0' ? calls.filter((params) => params.command !== FIRST_ROUTERS.command) : calls;
  return allowed.map((params) => {
    const answer = fetch('/client/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' },
      body: new URLSearchParams({ ...params, response: 'json', sessionkey: key }),
      credentials: 'same-origin',
      priority: 'high',
    });
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

/** Starts the session check, the route's calls and its preloads; `plan` as the build wrote it. */
function start(plan: EarlyPlan): EarlyStart {
  const path = location.pathname.length > 1 ? location.pathname.replace(/\/+$/, '') : location.pathname;
  // Exactly the request of index.html's <link rel="preload" as="fetch" crossorigin> (no header of its own, CORS mode,
  // credentials same-origin), so that this takes the preloaded answer, asked for while the HTML was read.
  const session = fetch('/client/session', { credentials: 'same-origin' });
  const wanted = earlyCalls(path);
  // Cloned at once (this reaction comes before the transport's): the transport reads the answer's own body.
  const calls = session.then((r) => (r.ok && wanted.length ? sendCalls(r.clone(), wanted) : []), () => []).catch(() => []);
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
