/** The part of a Fastify reply sendJson uses (any server flavour's reply has it). */
export interface ReplyLike {
  code(status: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body: string): unknown;
}

/** The largest request body the serving process reads from a caller with a session or an API key (bytes). */
export const MAX_BODY = 4 * 1024 * 1024;
/**
 * The largest body read from a caller with neither a JSESSIONID cookie nor an apiKey in the query string
 * (bytes): a login or a signed POST is far smaller, and an anonymous caller cannot make the process parse
 * megabytes for nothing.
 */
export const MAX_ANONYMOUS_BODY = 64 * 1024;

/** The limits of the serving process's HTTP listener; every duration is in ms. */
export interface HttpLimits {
  /** Body limit of callers with a session or an API key (bytes). */
  bodyLimit: number;
  /** Body limit of anonymous callers (bytes). */
  anonymousBodyLimit: number;
  /** A connection with no request in flight is closed after this long (keep-alive idle). */
  keepAliveTimeout: number;
  /** The request head must arrive whole within this time (slow-loris). */
  headersTimeout: number;
  /** The whole request (head and body) must arrive within this time. */
  requestTimeout: number;
  /**
   * A socket with no traffic at all for this long is destroyed (also while an answer is being computed, so it
   * is far longer than any API call takes).
   */
  idleTimeout: number;
  /** How often Node checks the two deadlines above. */
  checkInterval: number;
  /** Connections held at once; further ones are closed by the listener. */
  maxConnections: number;
  /** Failed logins one address may make per `loginWindow`; then its logins are refused until the window ends. */
  loginAttempts: number;
  /** The window of `loginAttempts` (ms). */
  loginWindow: number;
}

export const defaultLimits: HttpLimits = {
  bodyLimit: MAX_BODY,
  anonymousBodyLimit: MAX_ANONYMOUS_BODY,
  keepAliveTimeout: 5_000,
  headersTimeout: 15_000,
  requestTimeout: 60_000,
  idleTimeout: 150_000,
  checkInterval: 1_000,
  maxConnections: 1_024,
  loginAttempts: 30,
  loginWindow: 60_000,
};

/** JSON answers are never cached. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends a JSON answer with `status`, not cached; `extra` adds headers (Allow, Set-Cookie). */
export function sendJson<R extends ReplyLike>(reply: R, status: number, body: unknown, extra: Record<string, string | string[]> = {}): R {
  reply.code(status);
  reply.header('Content-Type', JSON_TYPE);
  reply.header('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(extra)) reply.header(k, v);
  reply.send(JSON.stringify(body));
  return reply;
}
