import { describe, expect, it } from 'vitest';
import { assignProxy, type ProxyLoad } from './assignment';

const p = (id: string, sessions: number, extra: Partial<ProxyLoad> = {}): ProxyLoad => ({ id, zoneid: 'z1', running: true, sessions, ...extra });

describe('assignProxy', () => {
  it('sends a VM back to the proxy of its previous session when it has room', () => {
    expect(assignProxy({ zoneid: 'z1', previous: 'b', proxies: [p('a', 0), p('b', 49)], max: 50 })).toEqual({ ok: true, proxyid: 'b', sticky: true });
  });

  it('does not stick to a previous proxy at its limit (issue 14: 320 sessions on a proxy of 50): the next one serves', () => {
    expect(assignProxy({ zoneid: 'z1', previous: 'b', proxies: [p('a', 0), p('b', 50)], max: 50 })).toEqual({ ok: true, proxyid: 'a', sticky: false });
    const full = assignProxy({ zoneid: 'z1', previous: 'b', proxies: [p('a', 50), p('b', 320)], max: 50 });
    expect(!full.ok && full.reason).toMatch(/limit of 50 sessions \(consoleproxy\.session\.max\)/);
  });

  it('otherwise takes the first running proxy of the zone below the limit', () => {
    const proxies = [p('x', 0, { zoneid: 'z2' }), p('a', 50), p('b', 3, { running: false }), p('c', 49), p('d', 0)];
    expect(assignProxy({ zoneid: 'z1', proxies, max: 50 })).toEqual({ ok: true, proxyid: 'c', sticky: false });
  });

  it('does not stick to a previous proxy that is no longer running', () => {
    const r = assignProxy({ zoneid: 'z1', previous: 'b', proxies: [p('a', 1), p('b', 0, { running: false })], max: 50 });
    expect(r).toEqual({ ok: true, proxyid: 'a', sticky: false });
  });

  it('says so when every proxy is full, or none runs in the zone', () => {
    const full = assignProxy({ zoneid: 'z1', proxies: [p('a', 2), p('b', 3)], max: 2 });
    expect(full.ok).toBe(false);
    expect(!full.ok && full.reason).toMatch(/limit of 2 sessions/);
    const none = assignProxy({ zoneid: 'z1', proxies: [p('a', 0, { zoneid: 'z2' })], max: 2 });
    expect(!none.ok && none.reason).toMatch(/No console proxy is running/);
    expect(assignProxy({ zoneid: 'z1', proxies: [p('a', 0)], max: 0 }).ok).toBe(false);
  });
});
