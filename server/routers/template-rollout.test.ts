import { describe, expect, it } from 'vitest';
import type { Session, TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { generatedImage, startFileServer } from '../testing/fileserver';
import { startRestartableServer } from '../testing/restart';
import { zoneIdOfHypervisor } from '../testing/lookups';

interface Router { id: string; name: string; zoneid: string; templateid: string; templatename?: string; version: string; requiresupgrade: boolean; guestnetworkid?: string }
interface Network { id: string; name: string; zoneid: string; type: string; vpcid?: string }

async function waitReady(s: Session, id: string): Promise<{ status: string; isready: boolean }> {
  const until = Date.now() + 20_000;
  for (;;) {
    const t = expectList<{ status: string; isready: boolean }>(await s.call('listTemplates', { templatefilter: 'all', id }), 'template').items[0]!;
    if (t.isready || t.status.startsWith('Failed')) return t;
    if (Date.now() > until) throw new Error(`template ${id} not ready: ${t.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function recreateRouter(t: TestServer, s: Session, networkid: string): Promise<Router> {
  const r = await s.call('restartNetwork', { id: networkid, cleanup: true });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect((await t.waitForJob(s, String(r.data.jobid))).jobstatus).toBe(1);
  return expectList<Router>(await s.call('listRouters', { listall: true, networkid }), 'router').items[0]!;
}

describe('router.template.kvm rolls a new template out to the zone', () => {
  it('new routers run the configured routing template at once (a dynamic setting); it does not make other routers require an upgrade', { timeout: 120_000 }, async () => {
    const files = await startFileServer();
    const sim = await startRestartableServer({ routers: 40 });
    try {
      let t = sim.current();
      let admin = await t.login();
      // The file server is on loopback: allowed as an internal mirror (secstorage.allowed.internal.sites).
      await admin.call('updateConfiguration', { name: 'secstorage.allowed.internal.sites', value: '127.0.0.1/32' });
      const zoneid = await zoneIdOfHypervisor(admin, 'KVM');
      const url = files.add('/systemvmtemplate-4.20.1-x86_64-kvm.qcow2.bz2', { body: generatedImage(500_000, 3) });
      const reg = await admin.call('registerTemplate', { name: 'KVM64bitTemplate', displaytext: 'KVM 64-bit', url, hypervisor: 'KVM',
        format: 'QCOW2', zoneid, isrouting: true });
      const tpl = expectList<{ id: string; templatetype: string }>(reg, 'template').items[0]!;
      expect(tpl.templatetype).toBe('ROUTING');
      expect((await waitReady(admin, tpl.id)).isready).toBe(true);

      // router.template.* are dynamic ConfigKeys (read when a router is deployed): no restart is needed.
      const upd = await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'KVM64bitTemplate', zoneid });
      expect(upd.data.configuration).toMatchObject({ value: 'KVM64bitTemplate', isdynamic: true });

      const networks = expectList<Network>(await admin.call('listNetworks', { listall: true, zoneid, pagesize: 500 }), 'network').items
        .filter((n) => n.type === 'Isolated' && !n.vpcid);
      const routers = expectList<Router>(await admin.call('listRouters', { listall: true, zoneid, pagesize: 500 }), 'router').items;
      const net = networks.find((n) => routers.some((r) => r.guestnetworkid === n.id))!;
      const after = await recreateRouter(t, admin, net.id);
      expect(after).toMatchObject({ templateid: tpl.id, templatename: 'KVM64bitTemplate', version: '4.20.1', requiresupgrade: false });
      // It stays so across a restart.
      t = await sim.restart();
      admin = await t.login();
      expect(expectList<Router>(await admin.call('listRouters', { listall: true, id: after.id }), 'router').items[0]).toMatchObject({ templateid: tpl.id });

      // The zone's other routers are not affected: requiresupgrade compares versions with
      // minreq.sysvmtemplate.version, and router.template.* is read only when a router is deployed.
      const zoneRouters = expectList<Router>(await admin.call('listRouters', { listall: true, zoneid, pagesize: 500 }), 'router').items;
      const others = zoneRouters.filter((r) => r.id !== after.id);
      expect(others.length).toBeGreaterThan(0);
      expect(others.filter((r) => r.requiresupgrade).every((r) => r.version < '4.20.0')).toBe(true);
      expect(others.some((r) => !r.requiresupgrade)).toBe(true);
      // An upgrade reboots the outdated ones on the template they were pointed at, not on the new routing template.
      const up = await admin.call('upgradeRouterTemplate', { zoneid });
      for (const j of (up.data.asyncjobs as { jobid: string }[] | undefined) ?? []) expect((await t.waitForJob(admin, j.jobid)).jobstatus).toBe(1);
      const upgraded = expectList<Router>(await admin.call('listRouters', { listall: true, zoneid, pagesize: 500 }), 'router').items;
      expect(upgraded.filter((r) => r.id !== after.id).every((r) => r.templateid !== tpl.id)).toBe(true);
    } finally {
      await sim.close();
      await files.close();
    }
  });
});
