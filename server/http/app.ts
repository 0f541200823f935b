import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Transform } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCompress from '@fastify/compress';
import type { RunningSimulator } from '../simulator';
import { dispatch } from '../api/dispatch';
import { ApiError } from '../api/errors';
import { errorBody, serializeAnswer } from '../api/envelope';
import { findSession, SESSION_TIMEOUT_S } from '../auth/sessions';
import { callerById } from '../auth/callers';
import { activeCertificate } from '../certificates/store';
import { DIAGNOSTICS_PATH, serveDiagnosticsData } from '../diagnostics/commands';
import { registerForwarding, type SessionMemory } from '../upstream/forward';
import { commonHeaders, consoleConnectSources, contentSecurityPolicy, HSTS, parseCookies, secureCookie } from './security';
import { defaultLimits, sendJson, type HttpLimits } from './io';
import { registerFirstView } from './firstView';
import { registerStatic } from './static';
import { FailedLoginLimiter } from './loginlimit';
import { PLANS_API } from '../../src/api/plans';

/** What the serving process does behind /client/api: simulate a management server, or forward to a real one. */
export type AppMode = { simulator: RunningSimulator } | { upstream: string };

export interface AppOptions {
  /** The built app (dist/). */
  staticRoot: string;
  log: (line: string) => void;
  limits?: Partial<HttpLimits>;
  /**
   * The origin users reach this server at (https://console.example.com). URLs in answers (console pages,
   * diagnostics downloads) are built from it, or from the Host header when that names this server's own
   * loopback address or the public URL's host; never from another Host or X-Forwarded-Proto.
   */
  publicUrl?: string;
  /**
   * Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (Fastify's
   * trustProxy: true, an address, a CIDR or a list). Default: none.
   */
  trustProxy?: boolean | string | string[];
  /** TLS of the listener itself (PEM key and certificate). */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Routes of other concerns (the plan API), registered before the app's static files. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** Forwarding mode: where the sessions seen at login are remembered (default: this process's memory). */
  sessions?: SessionMemory;
}

/** The Fastify application of the serving process, and where its URLs point once it listens. */
export interface App {
  app: FastifyInstance;
  /** Tells the application the origin it listens at (http://127.0.0.1:8080), used when publicUrl is absent. */
  setListeningOrigin(origin: string): void;
}

/** First value of each parameter, from the query string, then a form-encoded body. */
export function collectParams(rawUrl: string, body: string): Record<string, string> {
  const params: Record<string, string> = {};
  const add = (sp: URLSearchParams) => {
    for (const [k, v] of sp) if (!(k in params)) params[k] = v;
  };
  const q = rawUrl.indexOf('?');
  if (q >= 0) add(new URLSearchParams(rawUrl.slice(q + 1)));
  if (body) add(new URLSearchParams(body));
  return params;
}

const API_PATHS = ['/client/api', '/client/api/'];
/** Methods routed to the API, so that the others get CloudStack's 405 rather than a 404. */
export const API_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const isApiPath = (url: string) => API_PATHS.includes(url.split('?')[0] ?? '');

/** CloudStack's answer to a login that is not POSTed (DefaultLoginAPIAuthenticatorCmd): 405, plain text. */
export const LOGIN_NEEDS_POST = 'Please use HTTP POST to authenticate using this API';

/** A body-limit error of the anonymous limit, answered like Fastify's own FST_ERR_CTP_BODY_TOO_LARGE. */
class HttpError extends Error {
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

/**
 * Builds the one HTTP application of the serving process (Fastify): security headers on every answer,
 * compression (brotli or gzip as the browser accepts) of API answers and the app, body limits answered with a
 * 413 CloudStack error, timeouts for idle and slow connections, a connection cap, a per-address limit on
 * logins, and the routes of the mode: the simulator's /client/api, /client/session and diagnostics downloads,
 * or forwarding to a real management server; the built app everywhere else.
 */
export async function buildApp(mode: AppMode, opts: AppOptions): Promise<App> {
  const limits: HttpLimits = { ...defaultLimits, ...opts.limits };
  let listeningOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : 'http://127.0.0.1';
  const publicOrigin = () => (opts.publicUrl ? new URL(opts.publicUrl).origin : listeningOrigin);

  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    trustProxy: opts.trustProxy ?? false,
    // The API's parameters are read from the raw URL, as CloudStack's servlet reads them.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: true,
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const timeouts = {
        requestTimeout: limits.requestTimeout,
        headersTimeout: Math.min(limits.headersTimeout, limits.requestTimeout),
        keepAliveTimeout: limits.keepAliveTimeout,
        connectionsCheckingInterval: limits.checkInterval,
      };
      const server = opts.https ? createHttpsServer({ ...opts.https, ...timeouts }, handler) : createHttpServer(timeouts, handler);
      server.maxConnections = limits.maxConnections;
      // A socket with no traffic at all (an idle keep-alive, a stalled upload) is destroyed.
      server.setTimeout(limits.idleTimeout, (socket) => socket.destroy());
      return server;
    },
  });

  const https = (request: FastifyRequest) => request.protocol === 'https';

  /** The console proxies the page may open WebSockets to (simulator mode): its proxies and consoleproxy.url.domain names. */
  let originsCache: { at: number; value: string[] } | undefined;
  const consoleOrigins = (): string[] => {
    if (!('simulator' in mode)) return [];
    if (originsCache && Date.now() - originsCache.at < 1000) return originsCache.value;
    const { sim } = mode.simulator;
    const configured = sim.db.prepare(`SELECT DISTINCT value FROM config_values WHERE name = 'consoleproxy.url.domain' AND value <> ''`).pluck().all() as string[];
    // The proxies serve the names of the certificate they started with until they restart.
    const origins = consoleConnectSources(sim.options.consoleHost, [...configured, activeCertificate(sim.db)?.domainsuffix], configured);
    originsCache = { at: Date.now(), value: origins };
    return origins;
  };

  // One set of security headers on every answer, whatever produces it (API, files, errors, forwarded answers).
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(commonHeaders);
    reply.header('Content-Security-Policy', contentSecurityPolicy(consoleOrigins()));
    if (https(request)) reply.header('Strict-Transport-Security', HSTS);
  });

  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    zlibOptions: { level: 6 },
  });

  // Bodies: read as text whatever the declared type (CloudStack's servlet reads forms; other bodies are
  // ignored by the dispatcher). Callers with neither a session cookie nor an API key in the URL get a
  // smaller limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('preParsing', async (request, _reply, payload) => {
    const anonymous = !parseCookies(request.headers.cookie).JSESSIONID && !/[?&]apikey=/i.test(request.url);
    if (!anonymous) return payload;
    const limit = limits.anonymousBodyLimit;
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      throw new HttpError(413, `The request body is larger than ${limit} bytes (the limit without a session or an API key)`);
    }
    let seen = 0;
    return payload.pipe(new Transform({
      transform(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        if (seen > limit) cb(new HttpError(413, `The request body is larger than ${limit} bytes (the limit without a session or an API key)`));
        else cb(null, chunk);
      },
    }));
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode ?? 500;
    // The plan API answers its own error shape (src/api/plans.ts), also for a body Fastify cannot read.
    const path = request.url.split('?')[0] ?? '';
    if (status >= 400 && status < 500 && (path === PLANS_API || path.startsWith(`${PLANS_API}/`))) {
      if (status === 413) request.raw.resume();
      const message = status === 413 ? 'The request body is too large' : 'The request could not be read: send JSON (Content-Type: application/json)';
      return sendJson(reply, status, { error: { status, message } });
    }
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const text = err instanceof HttpError ? err.message : `The request body is larger than ${limits.bodyLimit} bytes`;
      // The rest of an oversized body is read and dropped, so that the caller gets this answer, not a reset.
      request.raw.resume();
      return sendJson(reply, 413, errorBody('', new ApiError(413, text)));
    }
    if (status >= 400 && status < 500) {
      return isApiPath(request.url)
        ? sendJson(reply, status, errorBody('', new ApiError(status, 'The request could not be read')))
        : reply.code(status).type('text/plain; charset=utf-8').send('Bad request\n');
    }
    opts.log(`http failure on ${request.method} ${request.url.split('?')[0]?.slice(0, 80)}: ${err.message}`);
    return sendJson(reply, 530, errorBody('', new ApiError(530, 'Internal error')));
  });

  /** The headers the dispatcher sees: Host only when it names this server, the scheme of this exchange. */
  const trustedHeaders = (request: FastifyRequest): Record<string, string | string[] | undefined> => {
    const pub = new URL(publicOrigin());
    const listening = new URL(listeningOrigin);
    const port = listening.port;
    const allowed = new Set([pub.host, listening.host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
    const given = request.headers.host;
    const host = given && allowed.has(given.toLowerCase()) ? given.toLowerCase() : pub.host;
    const headers: Record<string, string | string[] | undefined> = { ...request.headers, host };
    headers['x-forwarded-proto'] = https(request) ? 'https' : pub.protocol === 'https:' && host === pub.host ? 'https' : 'http';
    delete headers['x-forwarded-host'];
    return headers;
  };

  const logins = new FailedLoginLimiter(limits.loginAttempts, limits.loginWindow);
  /**
   * Refuses a login from an address that failed too often (429, CloudStack's API_LIMIT_EXCEED code), and
   * answers a function to report the login's HTTP status when it goes on.
   */
  const loginGate = (request: FastifyRequest, reply: FastifyReply, params: Record<string, string>): ((status: number) => void) | undefined => {
    if (params.command !== 'login') return () => {};
    const wait = logins.blockedFor(request.ip);
    if (wait > 0) {
      reply.header('Retry-After', String(Math.ceil(wait / 1000)));
      sendJson(reply, 429, errorBody('login', new ApiError(429, `Too many failed login attempts from this address; retry in ${Math.ceil(wait / 1000)} s`)));
      return undefined;
    }
    return (status) => {
      if (status !== 200) logins.fail(request.ip);
    };
  };

  const methodCheck = (request: FastifyRequest, reply: FastifyReply, params: Record<string, string>): boolean => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      sendJson(reply, 405, errorBody(params.command ?? '', new ApiError(405, 'Use GET or POST')), { Allow: 'GET, POST' });
      return false;
    }
    if (params.command === 'login' && request.method !== 'POST') {
      reply.code(405).header('Allow', 'POST').type('text/plain; charset=utf-8').send(LOGIN_NEEDS_POST);
      return false;
    }
    return true;
  };

  if ('simulator' in mode) {
    const { sim, commands } = mode.simulator;
    const apiHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const started = Date.now();
      const params = collectParams(request.url, typeof request.body === 'string' ? request.body : '');
      if (!methodCheck(request, reply, params)) return reply;
      const loginDone = loginGate(request, reply, params);
      if (!loginDone) return reply;
      const cookies: string[] = [];
      const answer = await dispatch(sim, commands, {
        params,
        cookies: parseCookies(request.headers.cookie),
        headers: trustedHeaders(request),
        setCookie: (c) => cookies.push(secureCookie(c, https(request))),
      });
      loginDone(answer.status);
      // Only the command and the outcome are logged: never parameters, which may hold passwords or keys.
      opts.log(`${request.method} /client/api ${String(params.command ?? '').slice(0, 40)} ${answer.status} ${Date.now() - started}ms`);
      // JSON with response=json, XML otherwise (ApiServlet); headers such as X-Description come with the answer.
      const { text, contentType } = serializeAnswer(answer);
      reply.code(answer.status).header('Content-Type', contentType).header('Cache-Control', 'no-store');
      for (const [k, v] of Object.entries(answer.headers)) reply.header(k, v);
      if (cookies.length) reply.header('Set-Cookie', cookies);
      return reply.send(text);
    };
    for (const url of API_PATHS) app.route({ method: API_METHODS, url, handler: apiHandler });

    app.get('/client/session', async (request, reply) => {
      const jsessionid = parseCookies(request.headers.cookie).JSESSIONID;
      const session = jsessionid ? findSession(sim.db, jsessionid) : undefined;
      const caller = session ? callerById(sim.db, session.userid) : undefined;
      if (!session || !caller) return sendJson(reply, 401, { session: null });
      const user = JSON.parse((sim.db.prepare('SELECT data FROM users WHERE id = ?').get(caller.userid) as { data: string }).data) as {
        firstname?: string; lastname?: string; timezone?: string;
      };
      return sendJson(reply, 200, {
        session: {
          sessionkey: session.sessionkey, userid: caller.userid, username: caller.username, account: caller.account,
          domainid: caller.domainid, type: String(caller.accounttype), firstname: user.firstname, lastname: user.lastname,
          timezone: user.timezone, timeout: SESSION_TIMEOUT_S,
        },
      });
    });

    app.route({
      method: ['GET', 'HEAD'],
      url: `${DIAGNOSTICS_PATH}*`,
      handler: (request, reply) => {
        // The bundle is written by the diagnostics concern; this server's headers go first.
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) reply.raw.setHeader(k, v as string);
        reply.hijack();
        serveDiagnosticsData(sim, request.raw, reply.raw, request.url.split('?')[0]!);
      },
    });
  } else {
    await registerForwarding(app, {
      upstream: mode.upstream,
      log: opts.log,
      methodCheck,
      loginGate,
      secure: https,
      sessions: opts.sessions,
    });
  }

  registerFirstView(app, opts.log);
  for (const plugin of opts.plugins ?? []) await plugin(app);
  await registerStatic(app, opts.staticRoot);

  return {
    app,
    setListeningOrigin(origin: string) {
      listeningOrigin = origin;
    },
  };
}
