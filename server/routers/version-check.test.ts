import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';

/** router.version.check also covers diagnostics and a change of offering: only the upgrade is accepted. */
describe('router.version.check on the other router commands', () => {
  let t: TestServer;
  let admin: Session;
  let stale: { id: string; name: string; guestipaddress?: string };
  let offering: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login();
    const routers = (await admin.call('listRouters', { listall: true, state: 'Running' })).data.router as
      { id: string; name: string; requiresupgrade: boolean; serviceofferingid: string; guestipaddress?: string }[];
    stale = routers.find((r) => r.requiresupgrade)!;
    const offerings = (await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'domainrouter' })).data.serviceoffering as { id: string }[];
    offering = offerings.find((o) => o.id !== routers.find((r) => r.id === stale.id)!.serviceofferingid)!.id;
  });
  afterAll(() => t.close());

  it('refuses diagnostics on a router that requires an upgrade', async () => {
    const r = await admin.call('runDiagnostics', { targetid: stale.id, ipaddress: '10.1.1.1', type: 'ping' });
    expect(r.status).toBe(530);
    expect(String(r.data.errortext)).toMatch(/requires upgrade/i);
  });

  it('refuses a change of offering on a router that requires an upgrade', async () => {
    const r = await admin.call('changeServiceForRouter', { id: stale.id, serviceofferingid: offering });
    expect(r.status).toBe(530);
    expect(String(r.data.errortext)).toMatch(new RegExp(`requires upgrade.*${stale.name}`, 'i'));
  });

  it('accepts them again once the check is off', async () => {
    await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
    const r = await admin.call('runDiagnostics', { targetid: stale.id, ipaddress: '10.1.1.1', type: 'ping' });
    expect(r.status).toBe(200);
  });
});
