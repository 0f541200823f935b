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
