import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { backgroundOf, type Background } from './background';
import { CRASH_CHANCE, crashAt } from './monitor';

interface Router { id: string; name: string; state: string; zoneid: string; vpcid?: string; requiresupgrade: boolean; guestnetworkid?: string;
  healthchecksfailed?: boolean; networkkbsread?: number; networkkbswrite?: number }
interface Check { checkname: string; success: boolean; details: string }

describe('service monitoring of virtual routers', () => {
  let t: TestServer;
  let admin: Session;
  let bg: Background;
  let routers: Router[];
  let kvmZone: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login();
    bg = backgroundOf(t.server.running.sim)!;
    bg.manual();
    routers = expectList<Router>(await admin.call('listRouters', { listall: true, pagesize: 500 }), 'router').items;
    kvmZone = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items.find((z) => z.name === 'zone-east')!.id;
  });
  afterAll(() => t.close());

  const checks = async (id: string) =>
    ((await admin.call('getRouterHealthCheckResults', { routerid: id })).data.routerhealthchecks as { healthchecks: Check[] }).healthchecks;
  const events = async (id: string) =>
    expectList<{ type: string; level: string; description: string }>(await admin.call('listEvents', { listall: true, resourceid: id }), 'event').items;
  const monitored = () => routers.find((r) => r.zoneid === kvmZone && !r.vpcid && r.state === 'Running' && !r.requiresupgrade)!;

  it('does nothing while network.router.enableservicemonitoring is off: a crashed service stays down, no alert', async () => {
    const r = monitored();
    bg.monitor.crash(r.id, 'ssh');
    expect(bg.monitor.tick().restarted).toBe(0);
    const ssh = (await checks(r.id)).find((c) => c.checkname === 'ssh.service')!;
    expect(ssh.success).toBe(false);
    expect(ssh.details).toMatch(/sshd is not running/);
    expect(expectList(await admin.call('listAlerts'), 'alert').count).toBe(0);
  });

  it('with monitoring on, restarts a crashed service and records an event', async () => {
    const on = await admin.call('updateConfiguration', { name: 'network.router.enableservicemonitoring', value: 'true', zoneid: kvmZone });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const r = monitored();
    // The ssh crash of the test above is picked up now, and a new dns crash too.
    bg.monitor.crash(r.id, 'dns');
    const result = bg.monitor.tick();
    expect(result.restarted).toBeGreaterThanOrEqual(2);
    const c = await checks(r.id);
    expect(c.find((x) => x.checkname === 'dns.service')).toMatchObject({ success: true, details: expect.stringMatching(/dnsmasq is running \(restarted 1 time/) });
    expect(c.find((x) => x.checkname === 'ssh.service')!.success).toBe(true);
    const ev = await events(r.id);
    expect(ev.some((e) => e.type === 'ROUTER.SERVICE.RESTART' && e.description.includes('dnsmasq'))).toBe(true);
    expect(expectList(await admin.call('listAlerts'), 'alert').count).toBe(0);
  });

  it('raises an alert and an ERROR event for a service it cannot restart; the health checks show it until the router reboots', async () => {
    const r = monitored();
    bg.monitor.crash(r.id, 'haproxy', { restartable: false });
    expect(bg.monitor.tick().failed).toBeGreaterThanOrEqual(1);
    const alerts = expectList<{ type: number; name: string; description: string }>(await admin.call('listAlerts'), 'alert').items;
    const alert = alerts.find((a) => a.description.includes(r.name))!;
    expect(alert).toMatchObject({ type: 9, name: 'ALERT.SERVICE.DOMAINROUTER' });
    expect(alert.description).toMatch(/haproxy .* could not restart it/);
    expect((await events(r.id)).some((e) => e.type === 'ROUTER.SERVICE.DOWN' && e.level === 'ERROR')).toBe(true);
    expect((await checks(r.id)).find((x) => x.checkname === 'haproxy.service')!.success).toBe(false);
    const failing = expectList<Router>(await admin.call('listRouters', { listall: true, healthchecksfailed: true }), 'router').items;
    expect(failing.map((x) => x.id)).toContain(r.id);
    // Still down at the next look: no second restart attempt succeeds.
    bg.monitor.tick();
    expect((await checks(r.id)).find((x) => x.checkname === 'haproxy.service')!.success).toBe(false);

    const reboot = await admin.call('rebootRouter', { id: r.id });
    expect((await t.waitForJob(admin, String(reboot.data.jobid))).jobstatus).toBe(1);
    bg.monitor.tick();
    expect((await checks(r.id)).every((x) => x.success)).toBe(true);
  });

  it('does not watch VPC routers', async () => {
    const vpc = routers.find((r) => r.vpcid && r.state === 'Running');
    if (!vpc) return expect.fail('the demo cloud has a running VPC router');
    await admin.call('updateConfiguration', { name: 'network.router.enableservicemonitoring', value: 'true', zoneid: vpc.zoneid });
    bg.monitor.crash(vpc.id, 'apache');
    bg.monitor.tick();
    const apache = (await checks(vpc.id)).find((x) => x.checkname === 'apache.service')!;
    expect(apache.success).toBe(false);
    expect((await events(vpc.id)).some((e) => e.type.startsWith('ROUTER.SERVICE'))).toBe(false);
  });

  it('crashes services by itself, seeded: rarely, the same way every run', () => {
    const hits = Array.from({ length: 20000 }, (_, i) => crashAt(42, i, 'router-x')).filter(Boolean);
    expect(hits.length).toBeGreaterThan(20000 * CRASH_CHANCE * 0.6);
    expect(hits.length).toBeLessThan(20000 * CRASH_CHANCE * 1.4);
    expect(hits.some((h) => !h!.restartable)).toBe(true);
    expect(Array.from({ length: 500 }, (_, i) => crashAt(42, i, 'router-x'))).toEqual(Array.from({ length: 500 }, (_, i) => crashAt(42, i, 'router-x')));
  });
});

describe('router statistics', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('collects network usage per router while router.stats.interval is above 0, and none at 0', async () => {
    const sim = t.server.running.sim;
    const bg = backgroundOf(sim)!;
    bg.manual();
    expect(bg.stats.intervalMs()).toBeGreaterThan(0);
    const running = expectList<Router>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items;
    expect(bg.stats.tick()).toBe(running.length);
    bg.stats.tick();
    const r = expectList<Router>(await admin.call('listRouters', { listall: true, id: running[0]!.id }), 'router').items[0]!;
    expect(r.networkkbsread).toBeGreaterThan(0);
    expect(r.networkkbswrite).toBeGreaterThan(0);
    const net = expectList<{ receivedbytes?: number }>(await admin.call('listNetworks', { listall: true, id: r.guestnetworkid! }), 'network').items[0]!;
    expect(net.receivedbytes).toBeGreaterThanOrEqual(r.networkkbsread! * 1024);

    // router.stats.interval is not dynamic: it applies when the management server restarts.
    await admin.call('updateConfiguration', { name: 'router.stats.interval', value: '0' });
    expect(bg.stats.intervalMs()).toBeGreaterThan(0);
    sim.settings.takeSnapshot();
    expect(bg.stats.intervalMs()).toBe(0);
    expect(bg.stats.tick()).toBe(0);
    const after = expectList<Router>(await admin.call('listRouters', { listall: true, id: r.id }), 'router').items[0]!;
    expect(after.networkkbsread).toBe(r.networkkbsread);
  });
});

describe('secondary storage VM scaling in VMware zones', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('starts another SSVM as the background tasks grow and removes it as they fall; other zones keep one', async () => {
    const sim = t.server.running.sim;
    const bg = backgroundOf(sim)!;
    bg.manual();
    const zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
    const vmware = zones.find((z) => z.name === 'zone-central')!.id;
    const kvm = zones.find((z) => z.name === 'zone-east')!.id;
    for (const [name, value] of [['secstorage.session.max', '4'], ['secstorage.capacity.standby', '2']]) {
      expect((await admin.call('updateConfiguration', { name: name!, value: value! })).status).toBe(200);
    }
    // Both are legacy Config entries (not dynamic): they apply when the management server starts again.
    sim.settings.takeSnapshot();
    const ssvms = async (zoneid: string) =>
      expectList<{ id: string; state: string; name: string }>(await admin.call('listSystemVms', { zoneid, systemvmtype: 'secondarystoragevm' }), 'systemvm').items;
    const [first] = await ssvms(vmware);
    const template = expectList<{ id: string }>(await admin.call('listTemplates', { templatefilter: 'all' }), 'template').items[0]!.id;
    // No API creates a secondary storage task (they are the storage VM's own copies): written in the table.
    const addTasks = (zoneid: string, ssvmid: string, n: number) => {
      const ins = sim.db.prepare(`INSERT INTO ssvm_tasks (id, kind, zoneid, ssvmid, templateid, state, percent, created, updated_ms)
        VALUES (?, 'copy', ?, ?, ?, 'Downloading', 10, '2026-01-01T00:00:00+0000', ?)`);
      for (let i = 0; i < n; i++) ins.run(randomUUID(), zoneid, ssvmid, template, Date.now());
    };
    addTasks(vmware, first!.id, 3);
    const [kvmSsvm] = await ssvms(kvm);
    addTasks(kvm, kvmSsvm!.id, 3);

    // 3 tasks on one SSVM of 4 sessions leave 1 free, fewer than the standby of 2: a second SSVM starts.
    const up = bg.scaler.tick();
    expect(up[vmware]).toEqual({ action: 'add' });
    expect(up[kvm]).toBeUndefined();
    const two = await ssvms(vmware);
    expect(two).toHaveLength(2);
    const extra = two.find((s) => s.id !== first!.id)!;
    expect(extra.state).toBe('Starting');
    expect(bg.scaler.tick()[vmware]).toEqual({ action: 'none' });
    const createJob = (sim.db.prepare(`SELECT id FROM jobs WHERE kind = 'systemvm.create' AND instanceid = ?`).get(extra.id) as { id: string }).id;
    expect((await t.waitForJob(admin, createJob)).jobstatus).toBe(1);
    expect((await ssvms(vmware)).find((s) => s.id === extra.id)!.state).toBe('Running');
    expect(await ssvms(kvm)).toHaveLength(1);

    // Same load: both stay.
    expect(bg.scaler.tick()[vmware]).toEqual({ action: 'none' });

    // The tasks finish: the idle extra SSVM goes, the first stays.
    sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Completed', percent = 100`).run();
    expect(bg.scaler.tick()[vmware]).toEqual({ action: 'remove', id: extra.id });
    const destroyJob = (sim.db.prepare(`SELECT id FROM jobs WHERE kind = 'systemvm.destroy' AND instanceid = ?`).get(extra.id) as { id: string }).id;
    expect((await t.waitForJob(admin, destroyJob)).jobstatus).toBe(1);
    const after = await ssvms(vmware);
    expect(after.map((s) => s.id)).toEqual([first!.id]);
    const ev = expectList<{ type: string; description: string }>(await admin.call('listEvents', { listall: true, resourceid: extra.id }), 'event').items;
    expect(ev.map((e) => e.type)).toEqual(expect.arrayContaining(['SSVM.CREATE', 'SSVM.DESTROY']));
  });
});
