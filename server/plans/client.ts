/**
 * The runner's CloudStack API client: public commands only, over HTTP, so the runner acts the same against
 * the built-in simulator and a real management server. Requests are signed with the API key and secret key of
 * the admin who started the plan, as every CloudStack client signs (src/api/signature.ts: sorted, lower-cased
 * query string, HMAC-SHA1, base64; signatureVersion=3 with `expires`, as ApiServer.verifyRequest accepts).
 */
import { createHmac } from 'node:crypto';
import { formatExpires, stringToSign } from '../../src/api/signature';
import type { FleetRouter } from './planning';

/** A CloudStack error answer (or a network failure, errorcode 0) of one call. */
export class CloudStackCallError extends Error {
  constructor(readonly command: string, readonly errorcode: number, readonly errortext: string) {
    super(`${command}: ${errortext}`);
  }
}

export interface CloudStackApi {
  /** Calls `command` and answers the object under "<command>response"; throws CloudStackCallError. */
  call(command: string, params?: Record<string, string | number | boolean | undefined>): Promise<Record<string, unknown>>;
}

export interface ApiKeys {
  apikey: string;
  secretkey: string;
}

function toStrings(params: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = String(v);
  return out;
}

async function answerOf(command: string, res: Response): Promise<Record<string, unknown>> {
  let body: Record<string, unknown>;
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    throw new CloudStackCallError(command, res.status, `The management server answered ${res.status} without JSON`);
  }
  const data = (body[`${command.toLowerCase()}response`] ?? body.errorresponse ?? {}) as Record<string, unknown>;
  if (res.status !== 200 || typeof data.errorcode === 'number') {
    throw new CloudStackCallError(command, Number(data.errorcode ?? res.status), String(data.errortext ?? `HTTP ${res.status}`));
  }
  return data;
}

async function send(command: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new CloudStackCallError(command, 0, `The management server could not be reached (${(err as Error).message})`);
  }
}

/** A client signing every call with `keys` (POST, form-encoded). `now` gives the clock for `expires`. */
export function signedClient(apiUrl: string, keys: ApiKeys, now: () => number = Date.now): CloudStackApi {
  return {
    async call(command, params = {}) {
      const all: Record<string, string> = {
        ...toStrings(params), command, response: 'json', apiKey: keys.apikey,
        signatureVersion: '3', expires: formatExpires(new Date(now() + 10 * 60_000)),
      };
      all.signature = createHmac('sha1', keys.secretkey).update(stringToSign(all)).digest('base64');
      const res = await send(command, apiUrl, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(all).toString(),
      });
      return answerOf(command, res);
    },
  };
}

/** A client calling with a browser's session: its session key and its JSESSIONID cookie (both, as 4.20 requires). */
export function sessionClient(apiUrl: string, session: { sessionkey: string; cookie: string }): CloudStackApi {
  return {
    async call(command, params = {}) {
      const body = new URLSearchParams({ ...toStrings(params), command, response: 'json', sessionkey: session.sessionkey });
      const res = await send(command, apiUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', Cookie: session.cookie },
        body: body.toString(),
      });
      return answerOf(command, res);
    },
  };
}

/** Every item of a list command, page by page (pagesize 500, the usual default.page.size). */
export async function listAll<T>(api: CloudStackApi, command: string, key: string, params: Record<string, string | number | boolean | undefined> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const data = await api.call(command, { ...params, page, pagesize: 500 });
    const items = (data[key] ?? []) as T[];
    out.push(...items);
    const count = Number(data.count ?? out.length);
    if (items.length === 0 || out.length >= count) return out;
  }
}

interface HostItem { id: string; clusterid?: string; clustername?: string }

/** The routers as listRouters answers them (listall=true), each with the cluster of its host from listHosts. */
export async function listFleet(api: CloudStackApi, params: Record<string, string | undefined> = {}): Promise<FleetRouter[]> {
  const [routers, hosts] = await Promise.all([
    listAll<FleetRouter & { hostid?: string }>(api, 'listRouters', 'router', { listall: true, ...params }),
    listAll<HostItem>(api, 'listHosts', 'host', { type: 'Routing' }),
  ]);
  const byHost = new Map(hosts.map((h) => [h.id, h]));
  return routers.map((r) => {
    const h = r.hostid ? byHost.get(r.hostid) : undefined;
    return h ? { ...r, clusterid: h.clusterid, clustername: h.clustername } : r;
  });
}
