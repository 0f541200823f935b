import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { compareVersions } from '../../src/lib/version';

/**
 * requiresupgrade as DomainRouterJoinDaoImpl answers it: the router's template version against the zone
 * value of minreq.sysvmtemplate.version; router.template.* plays no part.
 */
interface Router { id: string; name: string; zoneid: string; version: string; requiresupgrade: boolean; softwareversion: string;
  state: string; guestnetworkid?: string; account: string; templateid: string }

async function routers(s: Session, p: Record<string, string> = {}): Promise<Router[]> {
  return expectList<Router>(await s.call('listRouters', { listall: true, pagesize: -1, ...p }), 'router').items;
}

describe('requiresupgrade', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('minreq.sysvmtemplate.version exists, zone-scoped and dynamic, set to the release by the upgrade', async () => {
    const [global] = expectList<{ value: string; isdynamic: boolean }>(await admin.call('listConfigurations', { name: 'minreq.sysvmtemplate.version' }), 'configuration').items;
    expect(global).toMatchObject({ value: '4.20.0', isdynamic: true });
    const zoneid = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!.id;
    const [zoned] = expectList<{ value: string; scope: string }>(await admin.call('listConfigurations', { name: 'minreq.sysvmtemplate.version', zoneid }), 'configuration').items;
    expect(zoned).toMatchObject({ value: '4.20.0', scope: 'zone' });
  });

  it('is true below the zone minimum and false at or above it', async () => {
    const all = await routers(admin);
    expect(all.some((r) => r.requiresupgrade)).toBe(true);
    expect(all.some((r) => !r.requiresupgrade)).toBe(true);
    for (const r of all) expect(r.requiresupgrade, r.name).toBe(compareVersions(r.version, '4.20.0') < 0);
  });

  it('raising the minimum in one zone changes only that zone\'s routers', async () => {
    const before = await routers(admin);
    const zoneid = before[0]!.zoneid;
    expect((await admin.call('updateConfiguration', { name: 'minreq.sysvmtemplate.version', value: '4.20.1', zoneid })).status).toBe(200);
    try {
      const after = await routers(admin);
      for (const r of after) {
        if (r.zoneid === zoneid) expect(r.requiresupgrade, r.name).toBe(true);
        else expect(r.requiresupgrade, r.name).toBe(before.find((b) => b.id === r.id)!.requiresupgrade);
      }
    } finally {
      await admin.call('resetConfiguration', { name: 'minreq.sysvmtemplate.version', zoneid });
    }
    expect((await routers(admin)).map((r) => r.requiresupgrade)).toEqual(before.map((r) => r.requiresupgrade));
  });

  it('router.template.* plays no part', async () => {
    const before = await routers(admin);
    const zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
    for (const z of zones) {
      for (const hv of ['kvm', 'xenserver', 'vmware']) {
        await admin.call('updateConfiguration', { name: `router.template.${hv}`, value: 'Some Other Template', zoneid: z.id });
      }
    }
    expect((await routers(admin)).map((r) => r.requiresupgrade)).toEqual(before.map((r) => r.requiresupgrade));
  });

  it('is false for a live-patched router: its code version is the management server\'s', async () => {
    const old = (await routers(admin)).find((r) => r.requiresupgrade && r.state === 'Running' && r.guestnetworkid && r.account !== 'admin')!;
    const r = await admin.call('restartNetwork', { id: old.guestnetworkid!, livepatch: true });
    expect((await t.waitForJob(admin, String(r.data.jobid))).jobresult).toEqual({ success: true });
    const [now] = await routers(admin, { id: old.id });
    expect(now).toMatchObject({ version: old.version, softwareversion: '4.20.0.0', requiresupgrade: false });
  });

  it('is true when the router has no template version', async () => {
    const r = (await routers(admin)).find((x) => !x.requiresupgrade)!;
    t.server.running.sim.db.prepare(`UPDATE routers SET version = '' WHERE id = ?`).run(r.id);
    expect((await routers(admin, { id: r.id }))[0]!.requiresupgrade).toBe(true);
  });
});
