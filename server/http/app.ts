import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RunningSimulator } from '../simulator';
import { dispatch } from '../api/dispatch';
import { ApiError } from '../api/errors';
import { errorBody } from '../api/envelope';
import { findSession, SESSION_TIMEOUT_S } from '../auth/sessions';
import { callerById } from '../auth/callers';
import { commonHeaders, contentSecurityPolicy, parseCookies } from './security';
import { MAX_BODY, readBody, sendJson } from './io';
import { serveStatic } from './static';
import { DIAGNOSTICS_PATH, serveDiagnosticsData } from '../diagnostics/commands';

/** First value of each parameter, from the query string and a form-encoded body. */
function collectParams(url: URL, body: string): Record<string, string> {
  const params: Record<string, string> = {};
  const add = (sp: URLSearchParams) => {
    for (const [k, v] of sp) if (!(k in params)) params[k] = v;
  };
  add(url.searchParams);
  if (body) add(new URLSearchParams(body));
  return params;
}

export interface AppServerOptions {
  staticRoot: string;
  log: (line: string) => void;
  /** Handlers of their own path prefixes (the plan API), each `(req, res) => Promise<boolean>`. */
  mounts?: { prefix: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> }[];
}

/** The serving process: CloudStack's API at /client/api, the session resume at /client/session, the app elsewhere. */
export function createAppServer(running: RunningSimulator, opts: AppServerOptions): Server {
  const { sim, commands } = running;
  /**
   * The console proxies the page may open WebSockets to: this simulator's proxies (ws, and wss once a
   * certificate is in place) and the names under consoleproxy.url.domain; nothing else.
   */
  const consoleOrigins = (): string[] => {
    const host = sim.options.consoleHost;
    const origins = [`ws://${host}:*`, `wss://${host}:*`];
    const domains = sim.db.prepare(`SELECT DISTINCT value FROM config_values WHERE name = 'consoleproxy.url.domain' AND value <> ''`).pluck().all() as string[];
    for (const d of domains) if (/^(\*\.)?[a-z0-9.-]+$/i.test(d)) origins.push(`wss://${d}:*`);
    return origins;
  };
  const pageHeaders = () => ({ ...commonHeaders, 'Content-Security-Policy': contentSecurityPolicy(consoleOrigins()) });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = Date.now();
    let params: Record<string, string> = {};
    const cookies: string[] = [];
    try {
      const body = req.method === 'POST'
        ? (await readBody(req, () => new ApiError(431, `The request body is larger than ${MAX_BODY} bytes`))).toString('utf8')
        : '';
      params = collectParams(url, body);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(431, 'The request could not be read');
      sendJson(res, e.errorcode, errorBody(params.command ?? '', e));
      return;
    }
    const answer = dispatch(sim, commands, {
      params,
      cookies: parseCookies(req.headers.cookie),
      headers: req.headers,
      setCookie: (c) => cookies.push(c),
    });
    sendJson(res, answer.status, answer.body, cookies.length ? { 'Set-Cookie': cookies } : {});
    // Only the command and the outcome are logged: never parameters, which may hold passwords or keys.
    opts.log(`${req.method} /client/api ${String(params.command ?? '').slice(0, 40)} ${answer.status} ${Date.now() - started}ms`);
  }

  function handleSession(req: IncomingMessage, res: ServerResponse): void {
    const jsessionid = parseCookies(req.headers.cookie).JSESSIONID;
    const session = jsessionid ? findSession(sim.db, jsessionid) : undefined;
    const caller = session ? callerById(sim.db, session.userid) : undefined;
    if (!session || !caller) {
      sendJson(res, 401, { session: null });
      return;
    }
    const user = JSON.parse((sim.db.prepare('SELECT data FROM users WHERE id = ?').get(caller.userid) as { data: string }).data) as {
      firstname?: string; lastname?: string; timezone?: string;
    };
    sendJson(res, 200, {
      session: {
        sessionkey: session.sessionkey, userid: caller.userid, username: caller.username, account: caller.account,
        domainid: caller.domainid, type: String(caller.accounttype), firstname: user.firstname, lastname: user.lastname,
        timezone: user.timezone, timeout: SESSION_TIMEOUT_S,
      },
    });
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const mount = opts.mounts?.find((m) => url.pathname.startsWith(m.prefix));
    if (mount) {
      mount.handle(req, res).catch((err: unknown) => opts.log(`${mount.prefix} failure: ${(err as Error).message}`));
      return;
    }
    if (url.pathname === '/client/api' || url.pathname === '/client/api/') {
      if (req.method !== 'GET' && req.method !== 'POST') {
        sendJson(res, 405, errorBody('', new ApiError(431, 'Use GET or POST')), { Allow: 'GET, POST' });
        return;
      }
      handleApi(req, res, url).catch((err: unknown) => {
        opts.log(`api failure: ${(err as Error).message}`);
        if (!res.headersSent) sendJson(res, 530, errorBody('', new ApiError(530, 'Internal error')));
      });
      return;
    }
    if (url.pathname.startsWith(DIAGNOSTICS_PATH)) {
      serveDiagnosticsData(sim, req, res, url.pathname);
      return;
    }
    if (url.pathname === '/client/session') {
      handleSession(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...pageHeaders(), Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    serveStatic(opts.staticRoot, req, res, pageHeaders());
  });
}
