import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { commonHeaders, contentSecurityPolicy, parseCookies } from '../http/security';
import { serveStatic } from '../http/static';
import { readBody, sendJson } from '../http/io';
import { cookieValue, rewriteSetCookie } from './cookies';
import { ForwardedSessions, type ForwardedSession } from './sessions';

export interface ForwarderOptions {
  /** The management server's base, e.g. https://cloud.example.com/client */
  upstream: string;
  staticRoot: string;
  log: (line: string) => void;
  /** Where the sessions seen at login are remembered (default: this process's memory; PostgreSQL to share them). */
  sessions?: SessionMemory;
  /** Handlers of their own path prefixes (the plan API), each `(req, res) => Promise<boolean>`. */
  mounts?: { prefix: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> }[];
}

/** The forwarder's memory of sessions, JSESSIONID -> the login answer's session key and user. */
export interface SessionMemory {
  remember(jsessionid: string, session: ForwardedSession): Promise<void>;
  find(jsessionid: string | undefined): Promise<ForwardedSession | undefined>;
  forget(jsessionid: string | undefined): Promise<void>;
}

/** A SessionMemory in this process's memory only. */
export function memorySessions(): SessionMemory {
  const m = new ForwardedSessions();
  return {
    remember: async (id, s) => m.remember(id, s),
    find: async (id) => m.find(id),
    forget: async (id) => m.forget(id),
  };
}

/** The API endpoint of an upstream base URL: <base>/api, accepting a base given with or without /client or /api. */
export function upstreamApiUrl(base: string): string {
  const u = base.replace(/\/+$/, '');
  if (u.endsWith('/client/api')) return u;
  if (u.endsWith('/client')) return `${u}/api`;
  return `${u}/client/api`;
}

/**
 * Serves the app and forwards /client/api (with the login cookie) to a real CloudStack management server
 * instead of simulating one.
 */
export function createForwardingServer(opts: ForwarderOptions): Server {
  const api = upstreamApiUrl(opts.upstream);
  const sessions = opts.sessions ?? memorySessions();
  const headers = { ...commonHeaders, 'Content-Security-Policy': contentSecurityPolicy() };

  async function forward(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = Date.now();
    const body = req.method === 'POST' ? await readBody(req, () => new Error('request body too large')) : undefined;
    const params = new URLSearchParams(url.search);
    if (body) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!params.has(k)) params.set(k, v);
    const command = params.get('command') ?? '';
    const jsessionid = parseCookies(req.headers.cookie).JSESSIONID;
    const upstreamHeaders: Record<string, string> = { Accept: 'application/json' };
    if (req.headers['content-type']) upstreamHeaders['Content-Type'] = String(req.headers['content-type']);
    if (req.headers.cookie) upstreamHeaders.Cookie = req.headers.cookie;
    if (req.headers.sessionkey) upstreamHeaders.sessionkey = String(req.headers.sessionkey);

    let upstreamRes: Response;
    try {
      upstreamRes = await fetch(`${api}${url.search}`, {
        method: req.method,
        headers: upstreamHeaders,
        body: body && body.length ? new Uint8Array(body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      opts.log(`upstream unreachable for ${command.slice(0, 40)}: ${(err as Error).message}`);
      const key = `${command.toLowerCase() || 'error'}response`;
      sendJson(res, 530, { [key]: { uuidList: [], errorcode: 530, cserrorcode: 4250,
        errortext: `The management server at ${new URL(api).host} could not be reached (${(err as Error).cause ? String((err as Error & { cause: Error }).cause.message) : (err as Error).message})` } });
      return;
    }
    const text = await upstreamRes.text();
    const setCookies = upstreamRes.headers.getSetCookie();
    const outCookies = setCookies.map(rewriteSetCookie).filter((c): c is string => !!c);

    if (command === 'login' && upstreamRes.status === 200) {
      try {
        const answer = (JSON.parse(text) as { loginresponse?: Record<string, unknown> }).loginresponse;
        const cookie = cookieValue(setCookies, 'JSESSIONID');
        if (answer && cookie && typeof answer.sessionkey === 'string') {
          await sessions.remember(cookie, {
            sessionkey: answer.sessionkey, userid: String(answer.userid), username: String(answer.username),
            account: String(answer.account), domainid: String(answer.domainid), type: String(answer.type),
            firstname: answer.firstname as string | undefined, lastname: answer.lastname as string | undefined,
            expires: Date.now() + Number(answer.timeout ?? 1800) * 1000,
          });
        }
      } catch {
        // Not JSON: the client will show the server's answer as an error.
      }
    }
    if (command === 'logout') await sessions.forget(jsessionid);

    res.writeHead(upstreamRes.status, {
      ...commonHeaders,
      'Content-Type': upstreamRes.headers.get('content-type') ?? 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(outCookies.length ? { 'Set-Cookie': outCookies } : {}),
    });
    res.end(text);
    opts.log(`${req.method} /client/api ${command.slice(0, 40)} -> upstream ${upstreamRes.status} ${Date.now() - started}ms`);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/client/api' || url.pathname === '/client/api/') {
      forward(req, res, url).catch((err: unknown) => {
        opts.log(`forwarding failed: ${(err as Error).message}`);
        if (!res.headersSent) sendJson(res, 530, { errorresponse: { errorcode: 530, errortext: 'Forwarding to the management server failed' } });
      });
      return;
    }
    const mount = opts.mounts?.find((m) => url.pathname.startsWith(m.prefix));
    if (mount) {
      mount.handle(req, res).catch((err: unknown) => opts.log(`${mount.prefix} failure: ${(err as Error).message}`));
      return;
    }
    if (url.pathname === '/client/session') {
      sessions.find(parseCookies(req.headers.cookie).JSESSIONID).then((s) => {
        if (!s) sendJson(res, 401, { session: null });
        else {
          const { expires: _expires, ...session } = s;
          void _expires;
          sendJson(res, 200, { session });
        }
      }, (err: unknown) => {
        opts.log(`session lookup failed: ${(err as Error).message}`);
        sendJson(res, 503, { session: null });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    serveStatic(opts.staticRoot, req, res, headers);
  });
}
