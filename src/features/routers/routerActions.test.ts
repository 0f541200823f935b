import { describe, expect, it } from 'vitest';
import { actionAvailability, countByNetwork, isOnlyRouter, networkKeyOf, toolAvailability } from './routerActions';
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

describe('toolAvailability (migrate, diagnostics, offerings)', () => {
  const tools = ['migrate', 'diagnostics', 'changeOffering', 'changeNetworkOffering'] as const;

  it('refuses every operation on a router that requires an upgrade while router.version.check is on, saying why', () => {
    const r = aRouter({ id: '1', requiresupgrade: true, version: '4.19.1', hostid: 'h1', guestnetworkid: 'n1' });
    const on = toolAvailability(r, { versionCheck: true, rootAdmin: true });
    for (const t of tools) {
      expect(on[t].allowed).toBe(false);
      expect(on[t].reason).toMatch(/requires an upgrade \(version 4\.19\.1\).*router\.version\.check/);
    }
    const off = toolAvailability(r, { versionCheck: false, rootAdmin: true });
    for (const t of tools) expect(off[t]).toEqual({ allowed: true });
  });

  it('offers migration and diagnostics to the root admin, on a running router', () => {
    const running = aRouter({ id: '1', hostid: 'h1', guestnetworkid: 'n1' });
    const domainAdmin = toolAvailability(running, { versionCheck: true, rootAdmin: false });
    expect(domainAdmin.migrate.reason).toBe('Only the root admin can migrate a router.');
    expect(domainAdmin.diagnostics.reason).toBe('Only the root admin can run diagnostics on a router.');
    expect(domainAdmin.changeOffering.allowed).toBe(true);

    const stopped = toolAvailability(aRouter({ id: '2', state: 'Stopped', guestnetworkid: 'n1' }), { versionCheck: true, rootAdmin: true });
    expect(stopped.migrate.reason).toBe('Only a running router can be migrated; this one is Stopped.');
    expect(stopped.diagnostics.reason).toMatch(/running router only; this one is Stopped/);
    expect(stopped.changeOffering.allowed).toBe(true);

    const hostless = toolAvailability(aRouter({ id: '3', guestnetworkid: 'n1' }), { versionCheck: true, rootAdmin: true });
    expect(hostless.migrate.reason).toMatch(/no host/);
    expect(hostless.diagnostics.allowed).toBe(true);
  });

  it('changes the offering of a running or stopped router only; the network offering needs a guest network', () => {
    const starting = toolAvailability(aRouter({ id: '1', state: 'Starting', guestnetworkid: 'n1' }), { versionCheck: true, rootAdmin: true });
    expect(starting.changeOffering.reason).toMatch(/this one is Starting/);
    expect(starting.changeNetworkOffering.allowed).toBe(true);
    const vpc = toolAvailability(aRouter({ id: '2', vpcid: 'v1', vpcname: 'prod', hostid: 'h1' }), { versionCheck: true, rootAdmin: true });
    expect(vpc.changeNetworkOffering.reason).toMatch(/VPC prod/);
  });

  it('says a job in progress before anything else', () => {
    const busy = toolAvailability(aRouter({ id: '1', jobid: 'j', jobstatus: 0, requiresupgrade: true, hostid: 'h1', guestnetworkid: 'n1' }), { versionCheck: true, rootAdmin: false });
    for (const t of tools) expect(busy[t].reason).toBe('An operation on this router is in progress.');
  });
});
