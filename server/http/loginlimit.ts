/**
 * Failed logins per client address, in the serving process (CloudStack itself counts failures per user,
 * `incorrect.login.attempts.allowed`; this limit stops one address from trying passwords against many users).
 * A fixed window per address: after `max` failures within `windowMs`, every login from that address is
 * refused until the window ends. Successful logins do not count. Memory is bounded: at most `maxAddresses`
 * addresses are remembered (the oldest windows are dropped first).
 */
export class FailedLoginLimiter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Milliseconds until `address` may try again, or 0 when it may now. */
  blockedFor(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    if (!w) return 0;
    if (w.resetAt <= now) {
      this.windows.delete(address);
      return 0;
    }
    return w.failures >= this.max ? w.resetAt - now : 0;
  }

  /** Counts one failed login of `address`. */
  fail(address: string, now = Date.now()): void {
    let w = this.windows.get(address);
    if (!w || w.resetAt <= now) {
      this.windows.delete(address);
      if (this.windows.size >= this.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
      w = { failures: 0, resetAt: now + this.windowMs };
      this.windows.set(address, w);
    }
    w.failures++;
  }
}
