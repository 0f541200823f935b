import { PLANS_API } from '../../src/api/plans';
import type { Session } from '../testing/harness';

export interface PlanReply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Calls the plan API as the browser does: the JSESSIONID cookie and the sessionkey header. */
export function plansClient(baseUrl: string, session: Pick<Session, 'cookie' | 'sessionkey'> | undefined) {
  return async <T = Record<string, unknown>>(method: 'GET' | 'POST', path = '', body?: unknown): Promise<PlanReply<T>> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (session) Object.assign(headers, { Cookie: session.cookie, sessionkey: session.sessionkey });
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}${PLANS_API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
}

/** Waits for `check` to answer something truthy, polling every 50 ms, for at most `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Logs in to the serving process at `baseUrl` (admin / password by default) as the app does. */
export async function loginAt(baseUrl: string, username = 'admin', password = 'password') {
  const api = `${baseUrl.replace(/\/$/, '')}/client/api`;
  const res = await fetch(api, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ command: 'login', username, password, domain: '/', response: 'json' }).toString(),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const data = ((await res.json()) as { loginresponse: { sessionkey: string; userid: string } }).loginresponse;
  const cookie = /JSESSIONID=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const call = async (command: string, params: Record<string, string | number | boolean> = {}) => {
    const body = new URLSearchParams({ command, response: 'json', sessionkey: data.sessionkey });
    for (const [k, v] of Object.entries(params)) body.set(k, String(v));
    const r = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: body.toString() });
    return ((await r.json()) as Record<string, Record<string, unknown>>)[`${command.toLowerCase()}response`] ?? {};
  };
  return { cookie, sessionkey: data.sessionkey, userid: data.userid, call };
}
