import { describe, expect, it } from 'vitest';
import type { Session } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { startRestartableServer } from '../testing/restart';

/**
 * router.version.check (a global ConfigKey, not dynamic) as NetworkHelperImpl uses it: only what the
 * management server sends to an outdated router is refused; operations on the router itself are allowed.
 */
interface Router { id: string; name: string; state: string; requiresupgrade: boolean; account: string; guestnetworkid?: string; serviceofferingid: string; hostid?: string }
interface Ip { id: string; issourcenat: boolean }

async function routers(s: Session): Promise<Router[]> {
  return expectList<Router>(await s.call('listRouters', { listall: true, pagesize: -1 }), 'router').items;
}

describe('router.version.check', () => {
  it('is a global setting that is not dynamic: turning it off takes effect after the restart', async () => {
    const sim = await startRestartableServer({ routers: 30 });
    try {
      let admin = await sim.current().login();
      let alice = await sim.current().login('alice', 'password', '/ROOT/Engineering/');
      const [cfg] = expectList<{ name: string; isdynamic: boolean; value: string }>(await admin.call('listConfigurations', { name: 'router.version.check' }), 'configuration').items;
      expect(cfg).toMatchObject({ name: 'router.version.check', isdynamic: false, value: 'true' });
      const zoneid = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!.id;
      expectError(await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false', zoneid }), 431);
      expect((await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' })).status).toBe(200);

      const ip = expectList<Ip>(await alice.call('listPublicIpAddresses'), 'publicipaddress').items.find((i) => i.issourcenat)!;
      const fw = async () => (await sim.current().waitForJob(alice, String((await alice.call('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 80 })).data.jobid))).jobstatus;
      // The running server still checks...
      expect(await fw()).toBe(2);
      admin = await (await sim.restart()).login();
      alice = await sim.current().login('alice', 'password', '/ROOT/Engineering/');
      // ...the restarted one does not.
      expect(await fw()).toBe(1);
      // requiresupgrade keeps comparing versions.
      expect((await routers(admin)).find((r) => r.account === 'alice')!.requiresupgrade).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('start, stop, reboot, migrate and destroy of an outdated router are allowed: they send it no command', async () => {
    const sim = await startRestartableServer({ routers: 40 });
    try {
      const t = sim.current();
      const admin = await t.login();
      const old = (await routers(admin)).filter((r) => r.requiresupgrade && r.state === 'Running' && r.account !== 'admin');
      const [a, b] = old;
      const run = async (cmd: string, params: Record<string, string>) => {
        const r = await admin.call(cmd, params);
        expect(r.status, `${cmd}: ${JSON.stringify(r.body)}`).toBe(200);
        const job = await t.waitForJob(admin, String(r.data.jobid));
        expect(job.jobstatus, `${cmd}: ${JSON.stringify(job.jobresult)}`).toBe(1);
      };
      await run('stopRouter', { id: a!.id });
      await run('startRouter', { id: a!.id });
      await run('rebootRouter', { id: a!.id });
      const hosts = expectList<{ id: string }>(await admin.call('findHostsForMigration', { virtualmachineid: a!.id }), 'host').items;
      if (hosts.length > 0) await run('migrateSystemVm', { virtualmachineid: a!.id, hostid: hosts[0]!.id });
      await run('destroyRouter', { id: b!.id });
    } finally {
      await sim.close();
    }
  });

  it('changeServiceForRouter and runDiagnostics are not refused: they do not go through sendCommandsToRouter', async () => {
    const sim = await startRestartableServer({ routers: 40 });
    try {
      const t = sim.current();
      const admin = await t.login();
      const old = (await routers(admin)).find((r) => r.requiresupgrade && r.state === 'Running' && r.account !== 'admin')!;
      const diag = await admin.call('runDiagnostics', { targetid: old.id, ipaddress: '10.1.1.1', type: 'ping' });
      expect(diag.status, JSON.stringify(diag.body)).toBe(200);
      const stop = await admin.call('stopRouter', { id: old.id });
      await t.waitForJob(admin, String(stop.data.jobid));
      const offerings = expectList<{ id: string }>(await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'domainrouter' }), 'serviceoffering').items;
      const other = offerings.find((o) => o.id !== old.serviceofferingid)!;
      expect((await admin.call('changeServiceForRouter', { id: old.id, serviceofferingid: other.id })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('listCapabilities has no routerversioncheck: CloudStack has no such capability', async () => {
    const sim = await startRestartableServer({ routers: 10 });
    try {
      const admin = await sim.current().login();
      const cap = (await admin.call('listCapabilities')).data.capability as Record<string, unknown>;
      expect(cap).not.toHaveProperty('routerversioncheck');
    } finally {
      await sim.close();
    }
  });
});
