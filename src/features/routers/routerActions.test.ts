import { describe, expect, it } from 'vitest';
import { actionAvailability, countByNetwork, frozenNetworkCount, frozenNetworks, frozenReason, isOnlyRouter, networkKeyOf, toolAvailability } from './routerActions';
import { aRouter } from './testRouters';

describe('actionAvailability', () => {
  it('router.version.check does not refuse start, stop, reboot or destroy of an outdated router (they send it no command)', () => {
    const r = aRouter({ id: '1', requiresupgrade: true, version: '4.19.1' });
    const a = actionAvailability(r, { versionCheck: true, routersInNetwork: 2 });
    expect([a.stop.allowed, a.reboot.allowed, a.destroy.allowed]).toEqual([true, true, true]);
    expect(a.start.allowed).toBe(false);
    expect(a.start.reason).toMatch(/Only a stopped router/);
    const stopped = actionAvailability(aRouter({ id: '1', requiresupgrade: true, state: 'Stopped' }), { versionCheck: true, routersInNetwork: 2 });
    expect(stopped.start.allowed).toBe(true);
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

  it('router.version.check does not refuse them: the server decides and says why', () => {
    const r = aRouter({ id: '1', requiresupgrade: true, version: '4.19.1', hostid: 'h1', guestnetworkid: 'n1' });
    const on = toolAvailability(r, { versionCheck: true, rootAdmin: true });
    for (const t of tools) expect(on[t]).toEqual({ allowed: true });
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

describe('frozen networks', () => {
  it('a running outdated router freezes its network while router.version.check is on; a stopped one does not', () => {
    const old = aRouter({ id: '1', requiresupgrade: true, version: '4.19.1', guestnetworkid: 'n1', guestnetworkname: 'web' });
    expect(frozenReason(old, true)).toMatch(/network web are frozen.*router\.version\.check.*minreq\.sysvmtemplate\.version/);
    expect(frozenReason(old, false)).toBeUndefined();
    expect(frozenReason({ ...old, state: 'Stopped' }, true)).toBeUndefined();
    expect(frozenReason({ ...old, requiresupgrade: false }, true)).toBeUndefined();
  });

  it('lists each frozen network or VPC once, with its routers', () => {
    const routers = [
      aRouter({ id: '1', requiresupgrade: true, guestnetworkid: 'n1', guestnetworkname: 'web', account: 'alice' }),
      aRouter({ id: '2', requiresupgrade: true, guestnetworkid: 'n1', guestnetworkname: 'web', account: 'alice', isredundantrouter: true }),
      aRouter({ id: '3', requiresupgrade: false, guestnetworkid: 'n2', guestnetworkname: 'db' }),
      aRouter({ id: '4', requiresupgrade: true, vpcid: 'v1', vpcname: 'prod', account: 'bob' }),
      aRouter({ id: '5', requiresupgrade: true, guestnetworkid: 'n3', state: 'Stopped' }),
    ];
    const frozen = frozenNetworks(routers, true);
    expect(frozen.map((n) => [n.name, n.account, n.routers.map((r) => r.id)])).toEqual([
      ['network web', 'alice', ['1', '2']],
      ['VPC prod', 'bob', ['4']],
    ]);
    expect(frozenNetworks(routers, false)).toEqual([]);
    expect(frozenNetworkCount(routers, true)).toBe(2);
    expect(frozenNetworkCount(routers, false)).toBe(0);
  });
});
