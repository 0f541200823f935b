/**
 * The one way the app talks to the management server.
 *
 * Every call is a form-encoded POST to /client/api carrying `sessionkey`, as CloudStack requires
 * (the JSESSIONID cookie alone is not enough). The session key lives only in this module's memory:
 * never in browser storage, the URL or the console. After a reload, `resumeSession()` asks the
 * serving process for it again, which answers from the HttpOnly JSESSIONID cookie.
 */
import type { CommandName, CommandResult } from './commands';
import type { Request } from './requests';
import { CloudStackError } from './errors';
import type { AsyncJob, Login } from './schemas';
import type * as Parsers from './parse';

export const API_PATH = '/client/api';
export const SESSION_PATH = '/client/session';
export const NETWORK_ERROR_TEXT = 'Network error: the management server could not be reached.';

/**
 * The answer parsers (parse.ts: zod and every command's schema, about 20 KiB compressed), loaded when the first
 * answer is to be read rather than with the login page: a session check that finds no session, and the login
 * page itself, need none of it (the app also loads it when the browser is idle after the first render,
 * src/app/main.tsx). A failed load is a network error the caller can retry; the next call loads again.
 */
let parsers: Promise<typeof Parsers> | undefined;
export function loadParsers(command = 'answer'): Promise<typeof Parsers> {
  parsers ??= import('./parse').catch(() => {
    parsers = undefined;
    throw new CloudStackError(command, 0, NETWORK_ERROR_TEXT);
  });
  return parsers;
}

/**
 * A parameter value as the app holds it; booleans and numbers travel as strings, a list of ids as one
 * comma-separated value, a map as `name[i].field=value`, undefined is left out.
 */
export type ApiParamValue = string | number | boolean | readonly string[] | readonly Readonly<Record<string, string>>[] | undefined;
/** Parameters of no particular command (the generic paging helpers, tests); app calls use ApiRequest. */
export type ApiParams = Readonly<Record<string, ApiParamValue>>;

/** What the app may pass for a parameter the contract reads as T (all travel as strings). */
type WireValue<T> = T extends undefined
  ? undefined
  : T extends boolean
    ? boolean | string
    : T extends number
      ? number | string
      : T extends readonly string[]
        ? readonly string[] | string
        : T extends readonly Record<string, string>[]
          ? readonly Readonly<Record<string, string>>[]
          : T extends string
            ? T
            : never;

/**
 * The parameters of command C as the app sends them, from its declaration in requests.ts: an unknown name
 * or a missing required parameter does not compile.
 */
export type ApiRequest<C extends CommandName> = C extends CommandName ? { readonly [K in keyof Request<C>]: WireValue<Request<C>[K]> } : never;

/** The arguments after the command name: the parameters may be left out when none is required. */
export type CallArgs<C extends CommandName> =
  Record<string, never> extends ApiRequest<C> ? [params?: ApiRequest<C>, options?: CallOptions] : [params: ApiRequest<C>, options?: CallOptions];

export interface CallOptions {
  signal?: AbortSignal;
}

/** Who is logged in, without the session key (which never leaves this module). */
export interface SessionUser {
  userid: string;
  username: string;
  account: string;
  domainid: string;
  /** The role type: '0' user, '1' root admin, '2' domain admin. */
  type: string;
  firstname?: string;
  lastname?: string;
  timezone?: string;
  /** Session timeout in seconds. */
  timeout?: number;
}

/** Takes the user out of a login answer; the session key stays behind. */
function toSessionUser(answer: Login): SessionUser {
  const user: SessionUser = {
    userid: answer.userid,
    username: answer.username,
    account: answer.account,
    domainid: answer.domainid,
    type: answer.type,
  };
  if (answer.firstname !== undefined) user.firstname = answer.firstname;
  if (answer.lastname !== undefined) user.lastname = answer.lastname;
  if (answer.timezone !== undefined) user.timezone = answer.timezone;
  if (answer.timeout !== undefined) user.timeout = answer.timeout;
  return user;
}

let sessionKey: string | undefined;
const expiryListeners = new Set<() => void>();

/**
 * What the page's first script (src/api/early.ts) started before the app ran: the session check, and the API calls
 * it sent with the session key that check answered (listApis, the first page of routers). The transport uses each
 * answer once, in place of sending the same request again; an answer nobody asked for is dropped after
 * EARLY_ANSWERS_KEPT_MS. The key itself is not handed over: it comes from the session answer, as after
 * resumeSession's own request.
 */
export interface EarlyStart {
  /** GET /client/session as the page sent it (same headers and cookie as resumeSession's own). */
  session: Promise<Response>;
  /**
   * The API calls sent with the key that session answer held, once it has arrived (none when it held no session or
   * failed): their parameters without the session key, and their answers.
   */
  calls: Promise<readonly EarlyCall[]>;
}

export interface EarlyCall {
  params: Readonly<Record<string, string>>;
  answer: Promise<Response>;
}

/** How long an early answer nobody has asked for is kept (ms). */
export const EARLY_ANSWERS_KEPT_MS = 60_000;

let earlySession: Promise<Response> | undefined;
/** The early calls as adopted; offered to sendCommand only once the early session answer is the transport's session. */
let earlyCalls: Promise<readonly EarlyCall[]> | undefined;
/** The early calls not yet taken (each is taken once). */
let offeredCalls: Promise<EarlyCall[]> | undefined;

/**
 * Takes what the page's first script started (called once, by src/app/main.tsx, before the first session check).
 * `undefined` (no early start: the development server, a page without the script) changes nothing.
 */
export function adoptEarlyStart(start: EarlyStart | undefined): void {
  dropEarlyStart();
  if (!start) return;
  earlySession = start.session;
  earlyCalls = start.calls;
  // Answers nobody asked for are let go (their bodies are then garbage).
  const calls = start.calls;
  setTimeout(() => {
    if (earlyCalls === calls || offeredCalls !== undefined) dropEarlyStart();
  }, EARLY_ANSWERS_KEPT_MS);
}

function dropEarlyStart(): void {
  earlySession = undefined;
  earlyCalls = undefined;
  offeredCalls = undefined;
}

/** A call's parameters as one comparable string: sorted by name, without the session key. */
function callKey(params: URLSearchParams | Readonly<Record<string, string>>): string {
  const sorted = new URLSearchParams(params);
  sorted.delete('sessionkey');
  sorted.sort();
  return sorted.toString();
}

/**
 * The early answer to exactly this request (same command and parameters), taken once; undefined when there is
 * none, or when the early request failed (the caller then sends its own).
 */
async function takeEarlyAnswer(body: URLSearchParams): Promise<Response | undefined> {
  const offered = offeredCalls;
  if (!offered) return undefined;
  const key = callKey(body);
  const calls = await offered;
  const at = calls.findIndex((call) => callKey(call.params) === key);
  if (at < 0 || offeredCalls !== offered) return undefined;
  const [call] = calls.splice(at, 1);
  return call?.answer.catch(() => undefined);
}

/** Registers a callback for a 401 from any API call; returns a function that unregisters it. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => {
    expiryListeners.delete(listener);
  };
}

/** True while the transport holds a session key. */
export function hasSession(): boolean {
  return sessionKey !== undefined;
}

function sessionExpired(): void {
  sessionKey = undefined;
  dropEarlyStart();
  for (const listener of [...expiryListeners]) listener();
}

function formBody(command: string, params: ApiParams, withSession: boolean): URLSearchParams {
  const body = new URLSearchParams();
  body.set('command', command);
  body.set('response', 'json');
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || name === 'command' || name === 'response' || name === 'sessionkey') continue;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) body.set(name, value.join(','));
      else {
        // A MAP parameter as ParamUnpackWorker reads it: name[index].field=value.
        (value as readonly Readonly<Record<string, string>>[]).forEach((entry, i) => {
          for (const [field, v] of Object.entries(entry)) body.set(`${name}[${i}].${field}`, v);
        });
      }
      continue;
    }
    body.set(name, String(value));
  }
  if (withSession && sessionKey !== undefined) body.set('sessionkey', sessionKey);
  return body;
}

async function post(command: string, body: URLSearchParams, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetch(API_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' },
      body,
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // An abort is the caller's own doing (TanStack Query cancelling); let it through unchanged.
    if (signal?.aborted) throw error;
    throw new CloudStackError(command, 0, NETWORK_ERROR_TEXT);
  }
}

async function readJson(command: string, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    const status = response.status;
    throw new CloudStackError(
      command,
      status === 200 ? 530 : status,
      `The server answered ${command} with HTTP ${status} and a body that is not JSON.`,
    );
  }
}

/**
 * Sends one command with the current session and returns its parsed answer, or throws CloudStackError. The
 * parameters are typed by the command's declaration in requests.ts.
 */
export function callApi<C extends CommandName>(command: C, ...args: CallArgs<C>): Promise<CommandResult<C>> {
  const [params, options] = args;
  return sendCommand(command, (params ?? {}) as ApiParams, options ?? {});
}

/**
 * callApi for code generic over the command (the paging and job helpers, whose own signatures take
 * ApiRequest<C>): the parameters are not checked here.
 */
export async function sendCommand<C extends CommandName>(
  command: C,
  params: ApiParams = {},
  options: CallOptions = {},
): Promise<CommandResult<C>> {
  const parsing = loadParsers(command);
  // Handled below when awaited; this keeps a failed load from being reported as unhandled before then.
  parsing.catch(() => undefined);
  const body = formBody(command, params, true);
  const early = offeredCalls ? await takeEarlyAnswer(body) : undefined;
  if (early && options.signal?.aborted) throw options.signal.reason;
  const response = early ?? (await post(command, body, options.signal));
  try {
    const body = await readJson(command, response);
    const { parseResponse } = await parsing;
    return parseResponse(command, body);
  } catch (error) {
    if (response.status === 401 || (error instanceof CloudStackError && error.isSessionExpired)) sessionExpired();
    throw error;
  }
}

/**
 * A request to the console's own JSON API (upgrade plans, /console/api/...) with the session: the JSESSIONID
 * cookie and the session key in the `sessionkey` header (never in the URL or a body). A 401 ends the session
 * as for CloudStack's own commands; a network failure throws CloudStackError with errorcode 0.
 */
export async function fetchConsoleApi(path: string, init: { method: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (sessionKey !== undefined) headers.sessionkey = sessionKey;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method, headers, credentials: 'same-origin', signal: init.signal,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new CloudStackError(path, 0, NETWORK_ERROR_TEXT);
  }
  if (response.status === 401) sessionExpired();
  return response;
}

/**
 * Logs in. On success the session key is kept in memory and the user is returned; on failure
 * (wrong password: CloudStack answers 531 with its errortext) nothing is kept and the error is thrown.
 * A failed login is not a session expiry: the expiry callback is not called.
 */
export async function login(username: string, password: string, domain: string): Promise<SessionUser> {
  sessionKey = undefined;
  dropEarlyStart();
  const parsing = loadParsers('login');
  parsing.catch(() => undefined);
  const response = await post('login', formBody('login', { username, password, domain }, false), undefined);
  const body = await readJson('login', response);
  const answer = (await parsing).parseResponse('login', body);
  sessionKey = answer.sessionkey;
  return toSessionUser(answer);
}

/** Ends the session on the server (best effort) and forgets the key in any case. */
export async function logout(): Promise<void> {
  const body = formBody('logout', {}, true);
  sessionKey = undefined;
  dropEarlyStart();
  if (!body.has('sessionkey')) return;
  try {
    const response = await post('logout', body, undefined);
    await response.body?.cancel();
  } catch {
    // The key is forgotten already; a server that cannot be reached cannot be told.
  }
}

/**
 * Asks the serving process whether the JSESSIONID cookie still holds a session, and if so takes its
 * key back into memory. Answers the user, or null when there is no session. The first call reads the answer to
 * the check the page's first script sent (adoptEarlyStart), when there is one and it did not fail; a session
 * found there makes that script's API answers available to sendCommand.
 */
export async function resumeSession(signal?: AbortSignal): Promise<SessionUser | null> {
  const early = earlySession;
  const calls = earlyCalls;
  dropEarlyStart();
  let response = early ? await early.catch(() => undefined) : undefined;
  if (response && signal?.aborted) throw signal.reason;
  const fromEarly = response !== undefined && calls !== undefined;
  try {
    response ??= await fetch(SESSION_PATH, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CloudStackError('session', 0, NETWORK_ERROR_TEXT);
  }
  // 401: no session. 404: a server without this endpoint; the user logs in again.
  if (response.status === 401 || response.status === 404) {
    if (signal?.aborted) throw signal.reason;
    sessionKey = undefined;
    await response.body?.cancel();
    return null;
  }
  const body = await readJson('session', response);
  if (!response.ok) {
    throw new CloudStackError('session', response.status, `The session check answered HTTP ${response.status}.`);
  }
  const parsed = (await loadParsers('session')).sessionAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new CloudStackError('session', 530, "The server's answer to the session check is not what this app understands.");
  }
  if (parsed.data.session === null) {
    sessionKey = undefined;
    return null;
  }
  if (signal?.aborted) throw signal.reason;
  sessionKey = parsed.data.session.sessionkey;
  // The early calls were sent with this very answer's key.
  if (fromEarly) offeredCalls = calls.then((list) => [...list], () => []);
  return toSessionUser(parsed.data.session);
}

export interface WaitForJobOptions {
  /** Milliseconds between polls; 1000 by default. */
  intervalMs?: number;
  signal?: AbortSignal;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls queryAsyncJobResult until the job is no longer pending and returns it. The caller looks at
 * `jobstatus` (1 succeeded, 2 failed) and `jobresult`.
 */
export async function waitForJob(jobid: string, options: WaitForJobOptions = {}): Promise<AsyncJob> {
  const intervalMs = options.intervalMs ?? 1000;
  for (;;) {
    const job: AsyncJob = await callApi('queryAsyncJobResult', { jobid }, { signal: options.signal });
    // callApi has loaded the parsers (and JOB_PENDING with them) already.
    if (job.jobstatus !== (await loadParsers()).JOB_PENDING) return job;
    await delay(intervalMs, options.signal);
  }
}

/** For tests only: forget the key and every listener. */
export function resetTransportForTests(): void {
  sessionKey = undefined;
  dropEarlyStart();
  expiryListeners.clear();
}
