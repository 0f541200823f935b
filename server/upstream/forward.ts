import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyReplyFrom from '@fastify/reply-from';
import { parseCookies, secureCookie } from '../http/security';
import { sendJson } from '../http/io';
import { cookieValue, rewriteSetCookie } from './cookies';
import { ForwardedSessions } from './sessions';

/** The API endpoint of an upstream base URL: <base>/api, accepting a base given with or without /client or /api. */
export function upstreamApiUrl(base: string): string {
  const u = base.replace(/\/+$/, '');
  if (u.endsWith('/client/api')) return u;
  if (u.endsWith('/client')) return `${u}/api`;
  return `${u}/client/api`;
}

/** The largest answer read from the management server (bytes); a larger one becomes a 530. */
export const MAX_UPSTREAM_ANSWER = 256 * 1024 * 1024;

/**
 * Whether an upstream Content-Type is an API answer that may be served on the app's origin: JSON
 * (`response=json`, CloudStack's `json.content.type`, by default application/json) or XML (CloudStack's
 * default format, text/xml). Anything else (an HTML error page, a login portal) could run script on this
 * origin, so it is refused.
 */
export function isApiContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'text/javascript' || type === 'text/xml' || type === 'application/xml';
}

export interface ForwardingOptions {
  /** The management server's base, e.g. https://cloud.example.com/client */
  upstream: string;
  log: (line: string) => void;
  /** Refuses methods the API does not take (and a login not POSTed), answering for itself; true to go on. */
  methodCheck(request: FastifyRequest, reply: FastifyReply, params: Record<string, string>): boolean;
  /** The per-address limit of failed logins: undefined when refused (answered), else a function told the status. */
  loginGate(request: FastifyRequest, reply: FastifyReply, params: Record<string, string>): ((status: number) => void) | undefined;
  /** Whether the browser's exchange is over TLS (cookies then carry Secure). */
  secure(request: FastifyRequest): boolean;
}

/** The error envelope of the forwarder: `<command>response` with CloudStack's fields. */
function forwardError(command: string, errorcode: number, errortext: string): Record<string, unknown> {
  return { [`${command.toLowerCase() || 'error'}response`]: { uuidList: [], errorcode, cserrorcode: 4250, errortext } };
}

/** Reads a stream whole, up to `max` bytes; undefined when it is larger. */
async function readAll(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += c.length;
    if (size > max) return undefined;
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/**
 * Registers the forwarding mode on the app (@fastify/reply-from): /client/api goes to the real management
 * server with the browser's cookies, session key header and body; only JSON or XML answers come back, with
 * this server's headers (security headers, compression), the upstream's cookies rescoped (cookies.ts), and
 * nothing else of the upstream's headers. /client/session answers the session key of a JSESSIONID seen at login.
 */
export async function registerForwarding(app: FastifyInstance, opts: ForwardingOptions): Promise<void> {
  const api = new URL(upstreamApiUrl(opts.upstream));
  const sessions = new ForwardedSessions();
  await app.register(fastifyReplyFrom, {
    base: api.origin,
    disableRequestLogging: true,
    retryMethods: [],
    undici: { headersTimeout: 120_000, bodyTimeout: 120_000, connect: { timeout: 15_000 } },
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = Date.now();
    const body = typeof request.body === 'string' ? request.body : '';
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const params = Object.fromEntries(new URLSearchParams(search));
    for (const [k, v] of new URLSearchParams(body)) if (!(k in params)) params[k] = v;
    if (!opts.methodCheck(request, reply, params)) return reply;
    const loginDone = opts.loginGate(request, reply, params);
    if (!loginDone) return reply;
    const command = params.command ?? '';
    const jsessionid = parseCookies(request.headers.cookie).JSESSIONID;

    return reply.from(`${api.pathname}${search}`, {
      method: request.method as 'GET' | 'POST',
      ...(request.method === 'POST' ? { body, contentType: String(request.headers['content-type'] ?? 'application/x-www-form-urlencoded') } : {}),
      rewriteRequestHeaders: (_req, headers) => {
        const out: Record<string, string> = { host: String(headers.host), accept: 'application/json, text/xml', 'accept-encoding': 'identity' };
        if (request.headers.cookie) out.cookie = request.headers.cookie;
        if (request.headers.sessionkey) out.sessionkey = String(request.headers.sessionkey);
        if (headers['content-type']) out['content-type'] = String(headers['content-type']);
        if (headers['content-length'] !== undefined) out['content-length'] = String(headers['content-length']);
        return out;
      },
      // None of the upstream's headers pass as they are: the answer is rebuilt in onResponse.
      rewriteHeaders: () => ({}),
      onError: (r, { error }) => {
        const cause = (error as Error & { cause?: Error }).cause;
        opts.log(`upstream unreachable for ${command.slice(0, 40)}: ${(cause ?? error).message}`);
        sendJson(r, 530, forwardError(command, 530, `The management server at ${api.host} could not be reached (${(cause ?? error).message})`));
      },
      onResponse: (_request, r, res) => {
        void (async () => {
          const upstream = res as unknown as { statusCode: number; headers: Record<string, string | string[] | undefined>; stream: AsyncIterable<Buffer> };
          const status = upstream.statusCode;
          const headers = upstream.headers;
          const contentType = Array.isArray(headers['content-type']) ? headers['content-type'][0] : headers['content-type'];
          const text = await readAll(upstream.stream, MAX_UPSTREAM_ANSWER);
          if (!isApiContentType(contentType)) {
            opts.log(`upstream answered ${command.slice(0, 40)} with ${String(contentType).slice(0, 60)}: refused`);
            sendJson(r, 530, forwardError(command, 530,
              `The management server answered with content of type ${String(contentType ?? 'none').split(';')[0]!.slice(0, 60)}, not an API answer (JSON or XML)`));
            return;
          }
          if (!text) {
            sendJson(r, 530, forwardError(command, 530, `The management server's answer is larger than ${MAX_UPSTREAM_ANSWER} bytes`));
            return;
          }
          const raw = headers['set-cookie'];
          const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
          const outCookies = setCookies.map(rewriteSetCookie).filter((c): c is string => !!c).map((c) => secureCookie(c, opts.secure(request)));
          loginDone(status);
          if (command === 'login' && status === 200) rememberLogin(text, setCookies);
          if (command === 'logout') sessions.forget(jsessionid);
          r.code(status).header('Content-Type', contentType!).header('Cache-Control', 'no-store');
          if (outCookies.length) r.header('Set-Cookie', outCookies);
          const description = headers['x-description'];
          if (typeof description === 'string') r.header('X-Description', description.slice(0, 1000));
          r.send(text);
          opts.log(`${request.method} /client/api ${command.slice(0, 40)} -> upstream ${status} ${Date.now() - started}ms`);
        })().catch((err: Error) => {
          opts.log(`forwarding failed: ${err.message}`);
          if (!r.sent) sendJson(r, 530, forwardError(command, 530, 'Forwarding to the management server failed'));
        });
      },
    });
  };

  const rememberLogin = (text: Buffer, setCookies: string[]) => {
    try {
      const answer = (JSON.parse(text.toString('utf8')) as { loginresponse?: Record<string, unknown> }).loginresponse;
      const cookie = cookieValue(setCookies, 'JSESSIONID');
      if (answer && cookie && typeof answer.sessionkey === 'string') {
        sessions.remember(cookie, {
          sessionkey: answer.sessionkey, userid: String(answer.userid), username: String(answer.username),
          account: String(answer.account), domainid: String(answer.domainid), type: String(answer.type),
          firstname: answer.firstname as string | undefined, lastname: answer.lastname as string | undefined,
          expires: Date.now() + Number(answer.timeout ?? 1800) * 1000,
        });
      }
    } catch {
      // Not JSON (an XML login answer): the page asks the user to log in again after a reload.
    }
  };

  for (const url of ['/client/api', '/client/api/']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'], url, handler });
  }

  app.get('/client/session', async (request, reply) => {
    const s = sessions.find(parseCookies(request.headers.cookie).JSESSIONID);
    if (!s) return sendJson(reply, 401, { session: null });
    const { expires: _expires, ...session } = s;
    void _expires;
    return sendJson(reply, 200, { session });
  });
}
