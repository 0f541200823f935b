import type { SessionUser } from '../../src/api/transport';

/**
 * The forwarding process's memory of the sessions it saw being opened: JSESSIONID -> the session key and
 * user of the login answer. It lets a reloaded page get its session key back (GET /client/session) without
 * the key ever being kept in the browser. It lives in memory only; a restart means logging in again.
 */
export interface ForwardedSession extends Omit<SessionUser, 'timezone' | 'timeout'> {
  sessionkey: string;
  /** When the session ends (ms since the epoch), from the login answer's timeout. */
  expires: number;
}

export class ForwardedSessions {
  private readonly byCookie = new Map<string, ForwardedSession>();

  remember(jsessionid: string, session: ForwardedSession): void {
    this.prune();
    this.byCookie.set(jsessionid, session);
  }

  find(jsessionid: string | undefined): ForwardedSession | undefined {
    if (!jsessionid) return undefined;
    const s = this.byCookie.get(jsessionid);
    if (s && s.expires < Date.now()) {
      this.byCookie.delete(jsessionid);
      return undefined;
    }
    return s;
  }

  forget(jsessionid: string | undefined): void {
    if (jsessionid) this.byCookie.delete(jsessionid);
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, v] of this.byCookie) if (v.expires < now) this.byCookie.delete(k);
  }
}
