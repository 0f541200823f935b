import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList, NO_SUCH_ID } from '../testing/expect';
import { registerConsoleProxyHooks } from './lifecycle';

interface Vm { id: string; name: string; state: string; systemvmtype: string; zoneid: string; hostid?: string; version?: string;
  templateid?: string; serviceofferingid?: string; activeviewersessions?: number; publicip?: string }

describe('system VM lifecycle', () => {
  let t: TestServer;
  let admin: Session;
  const hookCalls: string[] = [];
  beforeAll(async () => {
    t = await startTestServer({ routers: 30 });
    admin = await t.login();
    registerConsoleProxyHooks(t.server.running.sim, {
      started: (id) => hookCalls.push(`started ${id}`),
      stopping: (id) => hookCalls.push(`stopping ${id}`),
      destroyed: (id) => hookCalls.push(`destroyed ${id}`),
    });
  });
  afterAll(() => t.close());

  const list = async (params: Record<string, string> = {}) => expectList<Vm>(await admin.call('listSystemVms', params), 'systemvm').items;
  const one = async (id: string) => (await list({ id }))[0]!;
  const events = async (resourceid: string) =>
    expectList<{ type: string; description: string; state: string }>(await admin.call('listEvents', { listall: true, resourceid }), 'event').items;

  it('stops an SSVM (forced) and starts it again, with events', async () => {
    const ssvm = (await list({ systemvmtype: 'secondarystoragevm' }))[0]!;
    expect(ssvm.state).toBe('Running');
    const stop = await admin.call('stopSystemVm', { id: ssvm.id, forced: true });
    expect(stop.status).toBe(200);
    expect(stop.data.jobid).toEqual(expect.any(String));
    expect((await one(ssvm.id)).state).toMatch(/Stopping|Stopped/);
    const res = await t.waitForJob(admin, String(stop.data.jobid));
    expect(res.jobstatus).toBe(1);
    expect(res.jobinstancetype).toBe('SystemVm');
    expect((res.jobresult as { systemvm: Vm }).systemvm.state).toBe('Stopped');
    const stopped = await one(ssvm.id);
    expect(stopped.state).toBe('Stopped');
    expect(stopped.hostid).toBeUndefined();
    expect(stopped.publicip).toBeUndefined();

    expectError(await admin.call('stopSystemVm', { id: ssvm.id }), 431, /only a running system VM/);
    const start = await admin.call('startSystemVm', { id: ssvm.id });
    expect((await t.waitForJob(admin, String(start.data.jobid))).jobstatus).toBe(1);
    const started = await one(ssvm.id);
    expect(started.state).toBe('Running');
    expect(started.hostid).toBe(ssvm.hostid);
    const types = (await events(ssvm.id)).map((e) => `${e.type}:${e.state}`);
    expect(types).toEqual(expect.arrayContaining(['SSVM.STOP:Scheduled', 'SSVM.STOP:Completed', 'SSVM.START:Completed']));
  });

  it('reboots a console proxy, which ends its console sessions through the hooks', async () => {
    const cpvm = (await list({ systemvmtype: 'consoleproxy' }))[0]!;
    hookCalls.length = 0;
    const r = await admin.call('rebootSystemVm', { id: cpvm.id });
    expect((await t.waitForJob(admin, String(r.data.jobid))).jobstatus).toBe(1);
    expect(hookCalls).toEqual([`stopping ${cpvm.id}`, `started ${cpvm.id}`]);
    expect((await one(cpvm.id)).state).toBe('Running');
    expect((await events(cpvm.id)).some((e) => e.type === 'PROXY.REBOOT' && e.state === 'Completed')).toBe(true);
  });

  it('refuses a second operation while one runs, and unknown ids', async () => {
    const cpvm = (await list({ systemvmtype: 'consoleproxy' }))[1]!;
    const r = await admin.call('rebootSystemVm', { id: cpvm.id });
    expectError(await admin.call('stopSystemVm', { id: cpvm.id }), 536, /busy/);
    await t.waitForJob(admin, String(r.data.jobid));
    expectError(await admin.call('startSystemVm', { id: NO_SUCH_ID }), 431, /entity does not exist/);
    expectError(await admin.call('startSystemVm', {}), 431, /missing parameter id/);
  });

  it('is for the root admin only', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const cpvm = (await list({ systemvmtype: 'consoleproxy' }))[0]!;
    expectError(await eng.call('stopSystemVm', { id: cpvm.id }), 432);
    expectError(await eng.call('findHostsForMigration', { virtualmachineid: cpvm.id }), 432);
  });

  it('destroys a console proxy and CloudStack deploys a new one in the zone', async () => {
    const cpvm = (await list({ systemvmtype: 'consoleproxy' }))[2]!;
    hookCalls.length = 0;
    const r = await admin.call('destroySystemVm', { id: cpvm.id });
    const res = await t.waitForJob(admin, String(r.data.jobid));
    expect(res.jobstatus).toBe(1);
    expect((res.jobresult as { systemvm: Vm }).systemvm.state).toBe('Destroyed');
    expect(await list({ id: cpvm.id })).toHaveLength(0);
    expect(hookCalls.slice(0, 2)).toEqual([`stopping ${cpvm.id}`, `destroyed ${cpvm.id}`]);
    // The replacement: same type, same zone, a new name, on its way up and then Running.
    const inZone = await list({ zoneid: cpvm.zoneid, systemvmtype: 'consoleproxy' });
    expect(inZone).toHaveLength(1);
    const fresh = inZone[0]!;
    expect(fresh.id).not.toBe(cpvm.id);
    expect(fresh.name).toMatch(/^v-\d+-VM$/);
    const created = await admin.call('listAsyncJobs', { listall: true });
    const createJob = (created.data.asyncjobs as { jobid: string; jobinstanceid?: string }[]).find((j) => j.jobinstanceid === fresh.id);
    expect(createJob).toBeDefined();
    expect((await t.waitForJob(admin, createJob!.jobid)).jobstatus).toBe(1);
    const up = await one(fresh.id);
    expect(up.state).toBe('Running');
    expect(up.activeviewersessions).toBe(0);
    expect(hookCalls).toContain(`started ${fresh.id}`);
    expect((await events(fresh.id)).some((e) => e.type === 'PROXY.CREATE')).toBe(true);
  });

  it('finds the other hosts of the cluster and migrates a system VM there', async () => {
    const ssvm = (await list({ systemvmtype: 'secondarystoragevm' }))[1]!;
    const hosts = expectList<{ id: string; clusterid: string; suitableformigration: boolean }>(
      await admin.call('findHostsForMigration', { virtualmachineid: ssvm.id }), 'host').items;
    const current = expectList<{ clusterid: string }>(await admin.call('listHosts', { id: ssvm.hostid! }), 'host').items[0]!;
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) {
      expect(h.clusterid).toBe(current.clusterid);
      expect(h.id).not.toBe(ssvm.hostid);
      expect(h.suitableformigration).toBe(true);
    }
    const other = expectList<{ id: string; clusterid: string }>(await admin.call('listHosts', { zoneid: ssvm.zoneid }), 'host').items
      .find((h) => h.clusterid !== current.clusterid)!;
    expectError(await admin.call('migrateSystemVm', { virtualmachineid: ssvm.id, hostid: other.id }), 431, /not suitable/);
    expectError(await admin.call('migrateSystemVm', { virtualmachineid: ssvm.id, hostid: ssvm.hostid! }), 431, /already runs/);

    const target = hosts[hosts.length - 1]!;
    const r = await admin.call('migrateSystemVm', { virtualmachineid: ssvm.id, hostid: target.id });
    // Migrating while the job runs; on a busy machine the fast test job may already be done when we look.
    const during = await one(ssvm.id);
    expect(['Migrating', 'Running']).toContain(during.state);
    expect((await t.waitForJob(admin, String(r.data.jobid))).jobstatus).toBe(1);
    const moved = await one(ssvm.id);
    expect(moved.state).toBe('Running');
    expect(moved.hostid).toBe(target.id);
    expect((await events(ssvm.id)).some((e) => e.type === 'VM.MIGRATE' && e.state === 'Completed')).toBe(true);
  });

  it('migrates a router with migrateSystemVm, autoselecting a host', async () => {
    const routers = expectList<{ id: string; hostid?: string; state: string; requiresupgrade: boolean }>(
      await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items;
    const router = routers.find((r) => !r.requiresupgrade)!;
    const hosts = expectList<{ id: string }>(await admin.call('findHostsForMigration', { virtualmachineid: router.id }), 'host').items;
    const r = await admin.call('migrateSystemVm', { virtualmachineid: router.id });
    const res = await t.waitForJob(admin, String(r.data.jobid));
    expect(res.jobstatus).toBe(1);
    expect(res.jobinstancetype).toBe('DomainRouter');
    const after = expectList<{ hostid: string; state: string; networkdomain?: string }>(await admin.call('listRouters', { listall: true, id: router.id }), 'router').items[0]!;
    expect(after.state).toBe('Running');
    // DomainRouterResponse has the router's networkdomain; the job's SystemVmResponse (4.20's
    // ApiResponseHelper.createSystemVmResponse never calls setNetworkDomain) has none.
    expect(after.networkdomain).toBeTruthy();
    const vm = (res.jobresult as { systemvm?: Record<string, unknown> }).systemvm!;
    expect(vm.systemvmtype).toBe('domainrouter');
    expect(vm).not.toHaveProperty('networkdomain');
    for (const s of await list()) expect(s, s.name).not.toHaveProperty('networkdomain');
    expect(hosts.map((h) => h.id)).toContain(after.hostid);
    expect(after.hostid).not.toBe(router.hostid);
  });

  it('changes the offering of a stopped system VM; scales a running one live where the hypervisor allows', async () => {
    const offerings = expectList<{ id: string; systemvmtype: string; name: string }>(
      await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'secondarystoragevm' }), 'serviceoffering').items;
    const created = await admin.call('createServiceOffering', { name: 'SSVM large', displaytext: 'SSVM large', issystem: true,
      systemvmtype: 'secondarystoragevm', cpunumber: 2, cpuspeed: 1000, memory: 2048 });
    expect(created.status).toBe(200);
    const large = (created.data.serviceoffering as { id: string }).id;
    const routerOffering = expectList<{ id: string }>(
      await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'domainrouter' }), 'serviceoffering').items[0]!;

    const zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
    const vmwareZone = zones.find((z) => z.name === 'zone-central')!;
    const kvmZone = zones.find((z) => z.name === 'zone-east')!;
    const kvmSsvm = (await list({ zoneid: kvmZone.id, systemvmtype: 'secondarystoragevm' }))[0]!;
    expectError(await admin.call('scaleSystemVm', { id: kvmSsvm.id, serviceofferingid: large }), 431, /not supported on KVM/);
    expectError(await admin.call('changeServiceForSystemVm', { id: kvmSsvm.id, serviceofferingid: large }), 431, /stop it first/);

    const vmwareSsvm = (await list({ zoneid: vmwareZone.id, systemvmtype: 'secondarystoragevm' }))[0]!;
    expectError(await admin.call('scaleSystemVm', { id: vmwareSsvm.id, serviceofferingid: routerOffering.id }), 431, /not a system offering for a secondary storage VM/);
    const scale = await admin.call('scaleSystemVm', { id: vmwareSsvm.id, serviceofferingid: large });
    expect((await t.waitForJob(admin, String(scale.data.jobid))).jobstatus).toBe(1);
    expect((await one(vmwareSsvm.id)).serviceofferingid).toBe(large);

    const stop = await admin.call('stopSystemVm', { id: kvmSsvm.id });
    await t.waitForJob(admin, String(stop.data.jobid));
    const changed = await admin.call('changeServiceForSystemVm', { id: kvmSsvm.id, serviceofferingid: large });
    expect(changed.status).toBe(200);
    expect((changed.data.systemvm as Vm).serviceofferingid).toBe(large);
    expect(offerings.length).toBeGreaterThan(0);
  });
});

describe('a system VM destroy across a restart of the management server', () => {
  it('finishes after the restart with exactly one replacement', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'sysvm-restart-'));
    const database = join(dir, 'sim.db');
    try {
      let t = await startTestServer({ database, routers: 10, speed: 5 });
      let admin = await t.login();
      const cpvm = expectList<Vm>(await admin.call('listSystemVms', { systemvmtype: 'consoleproxy' }), 'systemvm').items[0]!;
      const r = await admin.call('destroySystemVm', { id: cpvm.id });
      const jobid = String(r.data.jobid);
      await t.close();

      t = await startTestServer({ database, routers: 10, speed: 5 });
      admin = await t.login();
      expect((await t.waitForJob(admin, jobid)).jobstatus).toBe(1);
      const inZone = () => admin.call('listSystemVms', { zoneid: cpvm.zoneid, systemvmtype: 'consoleproxy' });
      const after = expectList<Vm>(await inZone(), 'systemvm').items;
      expect(after).toHaveLength(1);
      expect(after[0]!.id).not.toBe(cpvm.id);
      const createJob = expectList<{ jobid: string; jobinstanceid?: string }>(await admin.call('listAsyncJobs', { listall: true }), 'asyncjobs')
        .items.filter((j) => j.jobinstanceid === after[0]!.id);
      expect(createJob).toHaveLength(1);
      expect((await t.waitForJob(admin, createJob[0]!.jobid)).jobstatus).toBe(1);
      expect(expectList<Vm>(await inZone(), 'systemvm').items.map((v) => v.state)).toEqual(['Running']);
      await t.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
