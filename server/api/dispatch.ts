import type { z } from 'zod';
import type { CommandName } from '../../src/api/commands';
import { checkSignature } from '../auth/signature';
import { constantTimeEqual } from '../auth/compare';
import { callerByApiKey, callerById } from '../auth/callers';
import { findSession } from '../auth/sessions';
import type { Caller, Params, Simulator } from './context';
import { ApiError, dispatchError } from './errors';
import { errorBody, successBody } from './envelope';
import { entityExists } from './entities';
import { MalformedParameter, parameterKind, unpackParams, UUID, type EntityType } from './params';
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
  /**
   * JSON with `response=json` (any case), XML otherwise: ApiServlet reads the `response` parameter and
   * defaults to BaseCmd.RESPONSE_TYPE_XML.
   */
  format: 'json' | 'xml';
  /** Headers CloudStack adds: X-Description carries the error text of a ServerApiException. */
  headers: Record<string, string>;
}

const UNAUTHENTICATED = 'unable to verify user credentials and/or request signature';

/** The answer format the request asks for (ApiServlet: `response=json`, case-insensitive; XML otherwise). */
export function responseFormat(params: Params): 'json' | 'xml' {
  return (params.response ?? '').toLowerCase() === 'json' ? 'json' : 'xml';
}

function authenticate(sim: Simulator, req: ApiRequest): { caller: Caller; jsessionid?: string } {
  const p = req.params;
  const apiKeyName = Object.keys(p).find((k) => k.toLowerCase() === 'apikey');
  const apiKey = apiKeyName === undefined ? undefined : p[apiKeyName];
  if (apiKey !== undefined) {
    const found = callerByApiKey(sim.db, apiKey);
    if (!found) throw new ApiError(401, UNAUTHENTICATED, null);
    const check = checkSignature(p, found.secretkey);
    if (!check.ok) throw new ApiError(401, UNAUTHENTICATED, null);
    return { caller: found.caller };
  }
  const jsessionid = req.cookies.JSESSIONID;
  const given = p.sessionkey ?? headerValue(req.headers.sessionkey);
  if (!jsessionid || !given) throw new ApiError(401, UNAUTHENTICATED, null);
  const session = findSession(sim.db, jsessionid);
  if (!session || !constantTimeEqual(session.sessionkey, given)) throw new ApiError(401, UNAUTHENTICATED, null);
  const caller = callerById(sim.db, session.userid);
  if (!caller) throw new ApiError(401, UNAUTHENTICATED, null);
  return { caller, jsessionid };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** True when the caller's role may call the command (the role's rules of the dynamic role checker). */
export function permitted(def: Pick<CommandDef, 'access'>, caller: Caller): boolean {
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

/**
 * 432 for a command the caller may not call, as DynamicRoleBasedAPIAccessChecker words it. The root admin's
 * role allows every name ("*"), so an unknown command reaches ApiServer.handleRequest: "Unknown API command".
 */
function unavailable(command: string, caller: Caller): ApiError {
  return dispatchError(432, `The API [${truncate(command)}] does not exist or is not available for the account Account {"uuid":"${caller.accountid}","accountName":"${caller.account}"}.`);
}

function truncate(v: string): string {
  return v.length > 64 ? `${v.slice(0, 64)}…` : v;
}

/** ParamProcessWorker's text for a UUID that names nothing (translateUuidToInternalId). */
export function entityNotFoundText(command: string, name: string, value: string): string {
  return `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${name} value=${truncate(value)} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`;
}

/**
 * Reads the parameters of one command as ParamUnpackWorker and ParamProcessWorker do: lower-cased names,
 * map parameters, empty values as absent, UUIDs that must name an entity (or be "-1"), then the command's
 * schema. Unknown parameters are ignored. A failure is a 431 (430 for an undecodable name), cserrorcode 9999.
 */
export function readParams(sim: Simulator, command: string, def: CommandDef, raw: Params): { params: Params; parsed: unknown } {
  let unpacked: ReturnType<typeof unpackParams>;
  try {
    unpacked = unpackParams(raw);
  } catch (err) {
    if (err instanceof MalformedParameter) throw dispatchError(430, err.message);
    throw err;
  }
  const params: Params = {};
  for (const [k, v] of Object.entries(unpacked.params)) if (v !== '') params[k] = v;
  const cmd = command.toLowerCase();
  const shape = objectShape(def.params);
  const input: Record<string, unknown> = { ...params };
  for (const [name, schema] of Object.entries(shape)) {
    const kind = parameterKind(schema);
    const value = params[name];
    if (kind.kind === 'map') {
      if (unpacked.maps[name]) input[name] = unpacked.maps[name];
      else delete input[name];
      continue;
    }
    if (value === undefined) continue;
    if (kind.kind === 'uuid' && !namesEntity(sim, value, kind.entity)) throw dispatchError(431, entityNotFoundText(cmd, name, value));
    if (kind.kind === 'uuid-list') {
      for (const token of value.split(',')) {
        const t = token.trim();
        if (t && !namesEntity(sim, t, kind.entity)) throw dispatchError(431, entityNotFoundText(cmd, name, t));
      }
    }
  }
  const parsed = def.params.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    const value = params[name];
    if (value === undefined) throw dispatchError(431, `Unable to execute API command ${cmd} due to missing parameter ${name}`);
    if (issue.code === 'custom' && (issue.params as { date?: boolean } | undefined)?.date) {
      throw dispatchError(431, `Unable to parse date ${truncate(value)} for command ${cmd}, please pass dates in the format mentioned in the api documentation`);
    }
    if (/^Value greater than max allowed length/.test(issue.message)) {
      throw dispatchError(431, `Unable to execute API command ${cmd} due to invalid value. ${issue.message} for param: ${name}`);
    }
    throw dispatchError(431, `Unable to execute API command ${cmd} due to invalid value ${truncate(value)} for parameter ${name}`);
  }
  return { params, parsed: parsed.data };
}

/** The fields of a command's parameter schema (a z.object, possibly refined). */
function objectShape(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    const shape = (s as unknown as { shape?: Record<string, z.ZodTypeAny> }).shape;
    if (shape) return shape;
    s = (s._def as { schema?: z.ZodTypeAny; innerType?: z.ZodTypeAny }).schema ?? (s._def as { innerType?: z.ZodTypeAny }).innerType;
  }
  return {};
}

/**
 * "-1" (CloudStack's "all" or "none" id) or a UUID of an entity of the parameter's type (its `entityType`)
 * this management server knows.
 */
function namesEntity(sim: Simulator, value: string, type: EntityType): boolean {
  if (value === '-1') return true;
  return UUID.test(value) && entityExists(sim.db, value, type);
}

/**
 * Runs one /client/api request: authentication, role, parameters, the handler, and the envelope. Async so
 * that a handler may wait off the event loop.
 */
export async function dispatch(sim: Simulator, table: CommandTable, req: ApiRequest): Promise<ApiAnswer> {
  const command = req.params.command ?? '';
  const format = responseFormat(req.params);
  try {
    const def = table.get(command);
    let caller: Caller | undefined;
    let jsessionid: string | undefined;
    if (!def || def.access !== 'public') {
      ({ caller, jsessionid } = authenticate(sim, req));
      if (!def) {
        if (caller.accounttype === 1) throw dispatchError(432, `Unknown API command: ${truncate(command)}`);
        throw unavailable(command, caller);
      }
      if (!permitted(def, caller)) throw unavailable(command, caller);
    }
    const { params, parsed } = readParams(sim, command, def, req.params);
    const data = await def.handle(
      { sim, caller: caller as Caller, params, http: { setCookie: req.setCookie, cookies: req.cookies, jsessionid, headers: req.headers } },
      parsed,
    );
    return { status: 200, body: successBody(command as CommandName, data), format, headers: {} };
  } catch (err) {
    if (err instanceof ApiError) return errorAnswer(table, command, err, format);
    sim.log(`internal error in ${truncate(command)}: ${(err as Error).stack ?? String(err)}`);
    const internal = new ApiError(530, 'Internal error executing command, please contact your system administrator', 9999);
    return errorAnswer(table, command, internal, format);
  }
}

/**
 * An error answer as ApiServer.getSerializedApiError writes it: under `errorresponse` for 432 or an unknown
 * command, under the command's own key otherwise; HTTP status = errorcode; X-Description = the text (the
 * servlet's own 401 answers have none).
 */
function errorAnswer(table: CommandTable, command: string, err: ApiError, format: 'json' | 'xml'): ApiAnswer {
  const known = table.get(command) !== undefined;
  const envelope = err.errorcode === 432 || !known ? '' : command;
  const headers: Record<string, string> = err.errorcode === 401 ? {} : { 'X-Description': headerSafe(err.errortext) };
  return { status: err.errorcode, body: errorBody(envelope, err), format, headers };
}

/** A header value holds no line breaks and only Latin-1. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, '?').slice(0, 1024);
}
