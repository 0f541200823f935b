import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList, listAll } from '../testing/expect';

interface Router { id: string; name: string; zoneid: string; podid: string; hostid?: string; state: string; version: string;
  requiresupgrade: boolean; isredundantrouter: boolean; redundantstate: string; guestnetworkid?: string; vpcid?: string; account: string }

describe('the seeded demo cloud', () => {
  let t: TestServer;
  let admin: Session;
  let routers: Router[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 120 });
    admin = await t.login();
    routers = await listAll<Router>(admin, 'listRouters', 'router', { listall: true }, 50);
  });
  afterAll(() => t.close());

  it('has three zones on KVM, XenServer and VMware, each with pods, clusters and hosts', async () => {
    const zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
    const hosts = expectList<{ zoneid: string; hypervisor: string; podid: string; clusterid: string }>(await admin.call('listHosts'), 'host').items;
    const hvByZone = new Map(zones.map((z) => [z.id, new Set(hosts.filter((h) => h.zoneid === z.id).map((h) => h.hypervisor))]));
    expect([...hvByZone.values()].map((s) => [...s]).flat().sort()).toEqual(['KVM', 'VMware', 'XenServer']);
    for (const z of zones) {
      const pods = expectList(await admin.call('listPods', { zoneid: z.id }), 'pod');
      const clusters = expectList(await admin.call('listClusters', { zoneid: z.id }), 'cluster');
      expect(pods.count).toBeGreaterThanOrEqual(2);
      expect(clusters.count).toBeGreaterThanOrEqual(pods.count);
      expect(hosts.filter((h) => h.zoneid === z.id).length).toBeGreaterThanOrEqual(clusters.count);
    }
  });

  it('has exactly the routers asked for, spread over every zone, running and stopped', () => {
    expect(routers).toHaveLength(120);
    expect(new Set(routers.map((r) => r.id)).size).toBe(120);
    expect(new Set(routers.map((r) => r.zoneid)).size).toBe(3);
    expect(routers.some((r) => r.state === 'Stopped')).toBe(true);
    expect(routers.filter((r) => r.state === 'Running').length).toBeGreaterThan(routers.length / 2);
  });

  it('has redundant PRIMARY/BACKUP pairs on different hosts', () => {
    const pairs = new Map<string, Router[]>();
    for (const r of routers.filter((x) => x.isredundantrouter)) pairs.set(r.guestnetworkid!, [...(pairs.get(r.guestnetworkid!) ?? []), r]);
    expect(pairs.size).toBeGreaterThanOrEqual(3);
    for (const pair of pairs.values()) {
      expect(pair.map((r) => r.redundantstate).sort()).toEqual(['BACKUP', 'PRIMARY']);
      expect(pair[0]!.hostid).not.toBe(pair[1]!.hostid);
    }
  });

  it('has VPC routers and routers that require an upgrade on older versions, and routers on the current one', () => {
    expect(routers.filter((r) => r.vpcid).length).toBeGreaterThanOrEqual(3);
    const stale = routers.filter((r) => r.requiresupgrade);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.length).toBeLessThan(routers.length);
    expect(new Set(stale.map((r) => r.version)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(routers.filter((r) => !r.requiresupgrade).map((r) => r.version))).toEqual(new Set(['4.20.0']));
  });

  it('has one console proxy and at least one secondary storage VM per zone, running', async () => {
    const zones = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items;
    for (const z of zones) {
      const cp = expectList<{ state: string }>(await admin.call('listSystemVms', { zoneid: z.id, systemvmtype: 'consoleproxy' }), 'systemvm').items;
      const ss = expectList<{ state: string }>(await admin.call('listSystemVms', { zoneid: z.id, systemvmtype: 'secondarystoragevm' }), 'systemvm').items;
      expect(cp).toHaveLength(1);
      expect(ss.length).toBeGreaterThanOrEqual(1);
      expect([...cp, ...ss].every((v) => v.state === 'Running')).toBe(true);
    }
  });

  it('gives the demo users something of their own', async () => {
    for (const [user, domain] of [['alice', '/ROOT/Engineering/'], ['carol', '/ROOT/Engineering/QA/'], ['bob', '/ROOT/Sales/'], ['dave', '/ROOT/Support/']] as const) {
      const s = await t.login(user, 'password', domain);
      expect(expectList(await s.call('listVirtualMachines'), 'virtualmachine').count, user).toBeGreaterThan(0);
      expect(routers.some((r) => r.account === user), user).toBe(true);
    }
  });

  it('is deterministic: the same seed gives the same ids, another seed others', async () => {
    const same = await startTestServer({ routers: 120 });
    const other = await startTestServer({ routers: 120, seed: 7 });
    try {
      const a = await listAll<Router>(await same.login(), 'listRouters', 'router', { listall: true }, 500);
      const b = await listAll<Router>(await other.login(), 'listRouters', 'router', { listall: true }, 500);
      expect(a.map((r) => [r.id, r.name, r.version, r.state])).toEqual(routers.map((r) => [r.id, r.name, r.version, r.state]));
      expect(b.map((r) => r.id)).not.toEqual(a.map((r) => r.id));
    } finally {
      await Promise.all([same.close(), other.close()]);
    }
  });
});

describe('a 10,000-router demo cloud', () => {
  it('is seeded completely and answers listRouters', async () => {
    const started = performance.now();
    const t = await startTestServer({ routers: 10_000 });
    const seeded = performance.now() - started;
    try {
      const admin = await t.login();
      const listStarted = performance.now();
      const page = await admin.call('listRouters', { listall: true, pagesize: 500 });
      const listed = performance.now() - listStarted;
      const { count, items } = expectList<Router>(page, 'router');
      expect(count).toBe(10_000);
      expect(items).toHaveLength(500);
      const stale = expectList(await admin.call('listRouters', { listall: true, version: '4.1', pagesize: 1 }), 'router').count;
      expect(stale).toBeGreaterThan(0);
      expect(t.server.running.seeded?.routers).toBe(10_000);
      console.log(`10,000-router seed and start: ${seeded.toFixed(0)} ms; listRouters page of 500: ${listed.toFixed(0)} ms; ${stale} routers on 4.1x`);
    } finally {
      await t.close();
    }
  });
});
