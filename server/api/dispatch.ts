import type { CommandName } from '../../src/api/commands';
import { checkSignature } from '../auth/signature';
import { callerByApiKey, callerById } from '../auth/callers';
import { findSession } from '../auth/sessions';
import type { Caller, Params, Simulator } from './context';
import { ApiError } from './errors';
import { errorBody, successBody } from './envelope';
import type { CommandTable, CommandDef } from './registry';

/** What the HTTP layer hands the dispatcher, and what it may do back (cookies). */
export interface ApiRequest {
  params: Params;
  cookies: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  setCookie(cookie: string): void;
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

const UNAUTHENTICATED = 'unable to verify user credentials and/or request signature';

function authenticate(sim: Simulator, req: ApiRequest): { caller: Caller; jsessionid?: string } {
  const p = req.params;
  const apiKey = p.apiKey ?? p.apikey;
  if (apiKey !== undefined) {
    const found = callerByApiKey(sim.db, apiKey);
    if (!found) throw new ApiError(401, UNAUTHENTICATED);
    const check = checkSignature(p, found.secretkey);
    if (!check.ok) throw new ApiError(401, UNAUTHENTICATED);
    return { caller: found.caller };
  }
  const jsessionid = req.cookies.JSESSIONID;
  const given = p.sessionkey ?? headerValue(req.headers.sessionkey);
  if (!jsessionid || !given) throw new ApiError(401, UNAUTHENTICATED);
  const session = findSession(sim.db, jsessionid);
  if (!session || !safeEqual(session.sessionkey, given)) throw new ApiError(401, UNAUTHENTICATED);
  const caller = callerById(sim.db, session.userid);
  if (!caller) throw new ApiError(401, UNAUTHENTICATED);
  return { caller, jsessionid };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function permitted(def: CommandDef, caller: Caller): boolean {
  switch (def.access) {
    case 'public':
    case 'user':
      return true;
    case 'admin':
      return caller.accounttype === 1 || caller.accounttype === 2;
    case 'root':
      return caller.accounttype === 1;
  }
}

function describeParamIssue(command: string, def: CommandDef, params: Params, issue: { path: PropertyKey[]; message: string }): string {
  const name = String(issue.path[0] ?? '');
  const cmd = command.toLowerCase();
  if (params[name] === undefined || params[name] === '') {
    return `Unable to execute API command ${cmd} due to missing parameter ${name}`;
  }
  void def;
  return `Unable to execute API command ${cmd} due to invalid value. Invalid parameter ${name} value=${truncate(params[name]!)}: ${issue.message}`;
}

function truncate(v: string): string {
  return v.length > 64 ? `${v.slice(0, 64)}…` : v;
}

/**
 * Runs one /client/api request: authentication, role, parameters, the handler, and the envelope. Async so
 * that a handler may wait off the event loop (login's password hashing runs in the thread pool).
 */
export async function dispatch(sim: Simulator, table: CommandTable, req: ApiRequest): Promise<ApiAnswer> {
  const command = req.params.command ?? '';
  try {
    const def = table.get(command);
    if (!def) throw new ApiError(432, `The given command ${command ? `'${truncate(command)}' ` : ''}does not exist or it is not available for the user`);
    let caller: Caller | undefined;
    let jsessionid: string | undefined;
    if (def.access !== 'public') {
      ({ caller, jsessionid } = authenticate(sim, req));
      if (!permitted(def, caller)) {
        throw new ApiError(432, `The given command '${command}' does not exist or it is not available for user ${caller.username} (role ${caller.roletype})`);
      }
    }
    // Empty values count as absent, as CloudStack treats them.
    const raw: Params = {};
    for (const [k, v] of Object.entries(req.params)) if (v !== '') raw[k] = v;
    const parsed = def.params.safeParse(raw);
    if (!parsed.success) {
      throw new ApiError(431, describeParamIssue(command, def, raw, parsed.error.issues[0]!));
    }
    const data = await def.handle(
      { sim, caller: caller as Caller, params: raw, http: { setCookie: req.setCookie, cookies: req.cookies, jsessionid, headers: req.headers } },
      parsed.data,
    );
    return { status: 200, body: successBody(command as CommandName, data) };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.errorcode, body: errorBody(command, err) };
    sim.log(`internal error in ${truncate(command)}: ${(err as Error).stack ?? String(err)}`);
    const internal = new ApiError(530, 'Internal error executing command, please contact your system administrator');
    return { status: 530, body: errorBody(command, internal) };
  }
}
