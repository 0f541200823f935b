import { randomBytes } from 'node:crypto';

/** How long a console token may wait for its WebSocket. */
export const TOKEN_TTL_MS = 60_000;
/**
 * Unused tokens one account may hold at once: issuing another revokes the account's oldest. Unused tokens count
 * in a proxy's load, so without a bound one account could fill every proxy of a zone for a minute.
 */
export const MAX_UNUSED_TOKENS_PER_ACCOUNT = 8;

/** What a token admits: one WebSocket, to one VM's console, for one user, at one console proxy. */
export interface ConsoleGrant {
  vmid: string;
  userid: string;
  /** The caller's account, for the bound on unused tokens per account. */
  accountid?: string;
  proxyid: string;
  /** The caller's extra token (createConsoleEndpoint's `token`), which the WebSocket must repeat as `extra`. */
  extra?: string;
  issuedAt: number;
}

/** WebSocket close codes (application range) and the reasons the proxy gives. */
export const CLOSE = {
  forged: 4401,
  replayed: 4402,
  expired: 4403,
  foreign: 4404,
  unavailable: 4405,
  vmRefused: 4406,
  protocol: 4407,
} as const;

export type Redeemed = { ok: true; grant: ConsoleGrant } | { ok: false; code: number; reason: string };

export interface Presented {
  token: string | undefined;
  proxyid: string;
  extra?: string;
  /** The user whose browser session (JSESSIONID) came with the WebSocket, when there is one. */
  sessionUserid?: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use console tokens. A token is 32 random bytes; the proxy keeps what each one grants, forgets
 * it when used, and remembers used ones until they would have expired so that a replay is told apart
 * from a forgery.
 */
export class ConsoleTokens {
  private readonly live = new Map<string, ConsoleGrant>();
  private readonly used = new Map<string, number>();

  constructor(
    /** The clock (tests move it forward to expire tokens). */
    public now: () => number = Date.now,
    readonly ttlMs = TOKEN_TTL_MS,
  ) {}

  /**
   * Issues a token for a grant. When the grant's account already holds `maxPerAccount` unused tokens, its
   * oldest ones are revoked (a revoked token answers as a used one).
   */
  issue(grant: Omit<ConsoleGrant, 'issuedAt'>, maxPerAccount = MAX_UNUSED_TOKENS_PER_ACCOUNT): string {
    this.sweep();
    if (grant.accountid !== undefined) {
      const mine = [...this.live].filter(([, g]) => g.accountid === grant.accountid);
      // Map order is issue order: the oldest come first.
      for (const [t, g] of mine.slice(0, Math.max(0, mine.length - maxPerAccount + 1))) {
        this.live.delete(t);
        this.used.set(t, g.issuedAt + this.ttlMs);
      }
    }
    const token = randomBytes(32).toString('base64url');
    this.live.set(token, { ...grant, issuedAt: this.now() });
    return token;
  }

  /** Checks a presented token and, when it is good, uses it up. */
  redeem(p: Presented): Redeemed {
    const now = this.now();
    const token = p.token ?? '';
    if (!TOKEN_SHAPE.test(token)) return { ok: false, code: CLOSE.forged, reason: 'No valid console token was presented' };
    if (this.used.has(token)) return { ok: false, code: CLOSE.replayed, reason: 'This console token was already used; open the console again' };
    const grant = this.live.get(token);
    if (!grant) return { ok: false, code: CLOSE.forged, reason: 'This console token is not known to the console proxy' };
    // From here on the token is spent, whatever the outcome: a token that failed a check cannot be retried.
    this.live.delete(token);
    this.used.set(token, grant.issuedAt + this.ttlMs);
    if (now - grant.issuedAt > this.ttlMs) return { ok: false, code: CLOSE.expired, reason: 'This console token has expired; open the console again' };
    if (grant.proxyid !== p.proxyid) return { ok: false, code: CLOSE.foreign, reason: 'This console token was issued for another console proxy' };
    if (p.sessionUserid !== undefined && p.sessionUserid !== grant.userid) {
      return { ok: false, code: CLOSE.foreign, reason: 'This console token was issued to another user' };
    }
    if ((grant.extra ?? '') !== (p.extra ?? '')) return { ok: false, code: CLOSE.foreign, reason: 'The extra security token does not match' };
    return { ok: true, grant };
  }

  /** Tokens issued for a proxy and not yet used or expired: sessions it should expect. */
  pending(proxyid: string): number {
    const now = this.now();
    let n = 0;
    for (const g of this.live.values()) if (g.proxyid === proxyid && now - g.issuedAt <= this.ttlMs) n++;
    return n;
  }

  /** Drops what has expired. */
  sweep(): void {
    const now = this.now();
    for (const [t, g] of this.live) if (now - g.issuedAt > this.ttlMs) {
      this.live.delete(t);
      this.used.set(t, g.issuedAt + this.ttlMs);
    }
    for (const [t, until] of this.used) if (until < now - this.ttlMs) this.used.delete(t);
  }
}
