import { describe, expect, it } from 'vitest';
import { actionAvailability, countByNetwork, isOnlyRouter, networkKeyOf } from './routerActions';
import { aRouter } from './testRouters';

describe('actionAvailability', () => {
  it('refuses every action on a router that requires an upgrade while router.version.check is on, saying why', () => {
    const r = aRouter({ id: '1', requiresupgrade: true, version: '4.19.1' });
    const a = actionAvailability(r, { versionCheck: true, routersInNetwork: 2 });
    for (const action of ['start', 'stop', 'reboot', 'destroy'] as const) {
      expect(a[action].allowed).toBe(false);
      expect(a[action].reason).toMatch(/requires an upgrade.*router\.version\.check/);
    }
    const off = actionAvailability(r, { versionCheck: false, routersInNetwork: 2 });
    expect(off.stop.allowed).toBe(true);
    expect(off.start.allowed).toBe(false);
    expect(off.start.reason).toMatch(/Only a stopped router/);
  });

  it('follows the state and a job in progress', () => {
    const stopped = actionAvailability(aRouter({ id: '1', state: 'Stopped' }), { versionCheck: true, routersInNetwork: 1 });
    expect([stopped.start.allowed, stopped.stop.allowed, stopped.reboot.allowed]).toEqual([true, false, false]);
    const busy = actionAvailability(aRouter({ id: '1', jobid: 'j', jobstatus: 0 }), { versionCheck: true, routersInNetwork: 1 });
    expect(busy.stop.allowed).toBe(false);
    expect(busy.stop.reason).toMatch(/in progress/);
  });
});

describe('the only router of a network', () => {
  it('counts routers per guest network or VPC', () => {
    const routers = [
      aRouter({ id: '1', guestnetworkid: 'n1' }),
      aRouter({ id: '2', guestnetworkid: 'n1', isredundantrouter: true }),
      aRouter({ id: '3', guestnetworkid: 'n2' }),
      aRouter({ id: '4', vpcid: 'v1' }),
    ];
    const counts = countByNetwork(routers);
    expect(counts.get(networkKeyOf(routers[0]!)!)).toBe(2);
    expect(counts.get(networkKeyOf(routers[2]!)!)).toBe(1);
    expect(counts.get(networkKeyOf(routers[3]!)!)).toBe(1);
    expect(isOnlyRouter({ routersInNetwork: 1 })).toBe(true);
    expect(isOnlyRouter({ routersInNetwork: 2 })).toBe(false);
  });
});
