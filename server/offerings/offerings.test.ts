import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';

interface Offering { id: string; name: string; issystem: boolean; systemvmtype?: string; cpunumber?: number; cpuspeed?: number;
  memory?: number; networkrate?: number; offerha?: boolean; storagetype?: string }
interface Router { id: string; name: string; state: string; serviceofferingid: string; guestnetworkid?: string; requiresupgrade: boolean }

describe('system service offerings, changeServiceForRouter and the network offering path', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 30 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('creates a system offering for routers and lists it by systemvmtype', async () => {
    const r = await admin.call('createServiceOffering', { name: 'Router 2x1GHz 1GB HA', displaytext: 'Bigger routers', issystem: true,
      systemvmtype: 'domainrouter', cpunumber: 2, cpuspeed: 1000, memory: 1024, networkrate: 1000, offerha: true, storagetype: 'local' });
    expect(r.status).toBe(200);
    const o = r.data.serviceoffering as Offering;
    expect(o).toMatchObject({ name: 'Router 2x1GHz 1GB HA', issystem: true, systemvmtype: 'domainrouter', cpunumber: 2, cpuspeed: 1000,
      memory: 1024, networkrate: 1000, offerha: true, storagetype: 'local' });
    const listed = expectList<Offering>(await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'domainrouter' }), 'serviceoffering').items;
    expect(listed.map((x) => x.id)).toContain(o.id);
    expect(listed.every((x) => x.systemvmtype === 'domainrouter' && x.issystem)).toBe(true);
    const cpvm = expectList<Offering>(await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'consoleproxy' }), 'serviceoffering').items;
    expect(cpvm.map((x) => x.id)).not.toContain(o.id);
  });

  it('names a missing or bad parameter, and keeps system offerings to the root admin', async () => {
    expectError(await admin.call('createServiceOffering', { name: 'x', displaytext: 'x', issystem: true, cpunumber: 1, cpuspeed: 500 }), 431, /memory/);
    expectError(await admin.call('createServiceOffering', { name: 'x', displaytext: 'x', issystem: true, systemvmtype: 'router',
      cpunumber: 1, cpuspeed: 500, memory: 256 }), 431, /systemvmtype/);
    expectError(await admin.call('createServiceOffering', { displaytext: 'x' }), 431, /missing parameter name/);
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    expectError(await eng.call('createServiceOffering', { name: 'x', displaytext: 'x', issystem: true, cpunumber: 1, cpuspeed: 500, memory: 256 }), 531);
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    expectError(await alice.call('createServiceOffering', { name: 'x', displaytext: 'x', cpunumber: 1, cpuspeed: 500, memory: 256 }), 432);
  });

  it('changes the offering of a stopped router only, and says so for a running one', async () => {
    const big = (await admin.call('createServiceOffering', { name: 'Router big', displaytext: 'Router big', issystem: true,
      systemvmtype: 'domainrouter', cpunumber: 2, cpuspeed: 2000, memory: 2048 })).data.serviceoffering as Offering;
    const cpvmOffering = expectList<Offering>(await admin.call('listServiceOfferings', { issystem: true, systemvmtype: 'consoleproxy' }), 'serviceoffering').items[0]!;
    const router = expectList<Router>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items.find((r) => !r.requiresupgrade)!;
    expectError(await admin.call('changeServiceForRouter', { id: router.id, serviceofferingid: big.id }), 431, /Stop the router first/);
    const stop = await admin.call('stopRouter', { id: router.id });
    expect((await t.waitForJob(admin, String(stop.data.jobid))).jobstatus).toBe(1);
    expectError(await admin.call('changeServiceForRouter', { id: router.id, serviceofferingid: cpvmOffering.id }), 431, /not a system offering for routers/);
    const changed = await admin.call('changeServiceForRouter', { id: router.id, serviceofferingid: big.id });
    expect(changed.status).toBe(200);
    expect((changed.data.router as Router).serviceofferingid).toBe(big.id);
    const start = await admin.call('startRouter', { id: router.id });
    expect((await t.waitForJob(admin, String(start.data.jobid))).jobstatus).toBe(1);
    const after = expectList<Router>(await admin.call('listRouters', { listall: true, id: router.id }), 'router').items[0]!;
    expect(after.serviceofferingid).toBe(big.id);
    expect(after.state).toBe('Running');
  });

  it('moves a network to an offering naming a router system offering; after a restart with cleanup its routers run on it', async () => {
    const sys = (await admin.call('createServiceOffering', { name: 'Router for net', displaytext: 'Router for net', issystem: true,
      systemvmtype: 'domainrouter', cpunumber: 2, cpuspeed: 1500, memory: 1536 })).data.serviceoffering as Offering;
    const created = await admin.call('createNetworkOffering', { name: 'Isolated with big routers', displaytext: 'Isolated with big routers',
      guestiptype: 'Isolated', traffictype: 'Guest', serviceofferingid: sys.id, supportedservices: 'Dhcp,Dns,SourceNat', enable: true });
    expect(created.status).toBe(200);
    const no = created.data.networkoffering as { id: string; serviceofferingid: string; state: string };
    expect(no.serviceofferingid).toBe(sys.id);
    expect(no.state).toBe('Enabled');
    expectError(await admin.call('createNetworkOffering', { name: 'Isolated with big routers', displaytext: 'dup', guestiptype: 'Isolated',
      traffictype: 'Guest' }), 431, /already exists/);

    const routers = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
    const networks = expectList<{ id: string; type: string; vpcid?: string; networkofferingname: string }>(
      await admin.call('listNetworks', { listall: true, type: 'Isolated' }), 'network').items;
    const net = networks.find((n) => !n.vpcid && routers.some((r) => r.guestnetworkid === n.id && !r.requiresupgrade && r.state === 'Running'))!;
    expect(net).toBeDefined();
    const choices = expectList<{ id: string }>(await admin.call('listNetworkOfferings', { networkid: net.id }), 'networkoffering').items;
    expect(choices.map((c) => c.id)).toContain(no.id);

    const upd = await admin.call('updateNetwork', { id: net.id, networkofferingid: no.id });
    const res = await t.waitForJob(admin, String(upd.data.jobid));
    expect(res.jobstatus).toBe(1);
    expect((res.jobresult as { network: { networkofferingid: string } }).network.networkofferingid).toBe(no.id);
    // Until the restart, the routers keep their offering.
    const before = expectList<Router>(await admin.call('listRouters', { listall: true, networkid: net.id }), 'router').items;
    expect(before.every((r) => r.serviceofferingid !== sys.id)).toBe(true);

    const restart = await admin.call('restartNetwork', { id: net.id, cleanup: true });
    expect((await t.waitForJob(admin, String(restart.data.jobid))).jobstatus).toBe(1);
    const after = expectList<Router>(await admin.call('listRouters', { listall: true, networkid: net.id }), 'router').items;
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) expect(r.serviceofferingid).toBe(sys.id);
  });

  it('refuses a disabled or incompatible network offering', async () => {
    const disabled = (await admin.call('createNetworkOffering', { name: 'Not yet', displaytext: 'Not yet', guestiptype: 'Isolated',
      traffictype: 'Guest' })).data.networkoffering as { id: string; state: string };
    expect(disabled.state).toBe('Disabled');
    const shared = expectList<{ id: string }>(await admin.call('listNetworkOfferings', { guestiptype: 'Shared' }), 'networkoffering').items[0]!;
    const net = expectList<{ id: string; vpcid?: string }>(await admin.call('listNetworks', { listall: true, type: 'Isolated' }), 'network')
      .items.find((n) => !n.vpcid)!;
    expectError(await admin.call('updateNetwork', { id: net.id, networkofferingid: disabled.id }), 431, /Disabled/);
    expectError(await admin.call('updateNetwork', { id: net.id, networkofferingid: shared.id }), 431, /cannot be applied/);
  });
});
