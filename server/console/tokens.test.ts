import { describe, expect, it } from 'vitest';
import { CLOSE, ConsoleTokens, TOKEN_TTL_MS } from './tokens';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const grant = { vmid: 'vm1', userid: 'u1', proxyid: 'p1' };

describe('ConsoleTokens', () => {
  it('admits a fresh token once, at its own proxy', () => {
    const c = clock();
    const tokens = new ConsoleTokens(c.now);
    const t = tokens.issue(grant);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.pending('p1')).toBe(1);
    const r = tokens.redeem({ token: t, proxyid: 'p1', sessionUserid: 'u1' });
    expect(r.ok && r.grant.vmid).toBe('vm1');
    expect(tokens.pending('p1')).toBe(0);
    const again = tokens.redeem({ token: t, proxyid: 'p1' });
    expect(again).toMatchObject({ ok: false, code: CLOSE.replayed });
  });

  it('refuses an expired token, and it stays refused as a replay', () => {
    const c = clock();
    const tokens = new ConsoleTokens(c.now);
    const t = tokens.issue(grant);
    c.advance(TOKEN_TTL_MS + 1);
    expect(tokens.redeem({ token: t, proxyid: 'p1' })).toMatchObject({ ok: false, code: CLOSE.expired });
    expect(tokens.redeem({ token: t, proxyid: 'p1' })).toMatchObject({ ok: false, code: CLOSE.replayed });
  });

  it('admits a token just inside its lifetime', () => {
    const c = clock();
    const tokens = new ConsoleTokens(c.now);
    const t = tokens.issue(grant);
    c.advance(TOKEN_TTL_MS);
    expect(tokens.redeem({ token: t, proxyid: 'p1' }).ok).toBe(true);
  });

  it('refuses forged tokens: missing, malformed, or well-formed but never issued', () => {
    const tokens = new ConsoleTokens();
    tokens.issue(grant);
    expect(tokens.redeem({ token: undefined, proxyid: 'p1' })).toMatchObject({ code: CLOSE.forged });
    expect(tokens.redeem({ token: "'; DROP TABLE", proxyid: 'p1' })).toMatchObject({ code: CLOSE.forged });
    expect(tokens.redeem({ token: 'A'.repeat(43), proxyid: 'p1' })).toMatchObject({ code: CLOSE.forged, reason: expect.stringMatching(/not known/) });
  });

  it('refuses a token at another proxy, from another user, or without its extra token, and spends it', () => {
    const tokens = new ConsoleTokens();
    const a = tokens.issue(grant);
    expect(tokens.redeem({ token: a, proxyid: 'p2' })).toMatchObject({ code: CLOSE.foreign, reason: expect.stringMatching(/another console proxy/) });
    expect(tokens.redeem({ token: a, proxyid: 'p1' })).toMatchObject({ code: CLOSE.replayed });
    const b = tokens.issue(grant);
    expect(tokens.redeem({ token: b, proxyid: 'p1', sessionUserid: 'u2' })).toMatchObject({ code: CLOSE.foreign, reason: expect.stringMatching(/another user/) });
    const c = tokens.issue({ ...grant, extra: 'xyz' });
    expect(tokens.redeem({ token: c, proxyid: 'p1', extra: 'abc' })).toMatchObject({ code: CLOSE.foreign });
    const d = tokens.issue({ ...grant, extra: 'xyz' });
    expect(tokens.redeem({ token: d, proxyid: 'p1', extra: 'xyz' }).ok).toBe(true);
  });

  it('sweeps expired tokens and forgets used ones after a while', () => {
    const c = clock();
    const tokens = new ConsoleTokens(c.now);
    const t = tokens.issue(grant);
    c.advance(TOKEN_TTL_MS + 1);
    expect(tokens.pending('p1')).toBe(0);
    c.advance(3 * TOKEN_TTL_MS);
    tokens.sweep();
    // Long forgotten: now indistinguishable from a forgery, and still refused.
    expect(tokens.redeem({ token: t, proxyid: 'p1' })).toMatchObject({ ok: false, code: CLOSE.forged });
  });
});
