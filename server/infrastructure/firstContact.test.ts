import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList } from '../testing/expect';

/** The commands clients and UIs call on first contact, with the objects and fields of CloudStack's responses. */
describe('first-contact commands', () => {
  let t: TestServer;
  let admin: Session;
  let alice: Session;
  let zones: { id: string; name: string }[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
  });
  afterAll(() => t.close());

  it('listHypervisors: the hypervisors of the clusters, per zone', async () => {
    const all = expectList<{ name: string }>(await alice.call('listHypervisors'), 'hypervisor').items.map((h) => h.name).sort();
    expect(all).toEqual(['KVM', 'VMware', 'XenServer']);
    const east = zones.find((z) => z.name === 'zone-east')!;
    expect(expectList<{ name: string }>(await alice.call('listHypervisors', { zoneid: east.id }), 'hypervisor').items).toEqual([{ name: 'KVM' }]);
  });

  it('listOsTypes: guest OS types with their category; by id and description', async () => {
    const all = expectList<{ id: string; description: string; oscategoryid: string; oscategoryname: string }>(await alice.call('listOsTypes'), 'ostype').items;
    const ubuntu = all.find((o) => o.description === 'Ubuntu 24.04 LTS')!;
    expect(ubuntu.oscategoryname).toBe('Ubuntu');
    expect(expectList(await alice.call('listOsTypes', { id: ubuntu.id }), 'ostype').count).toBe(1);
    expect(expectList(await alice.call('listOsTypes', { description: 'windows' }), 'ostype').count).toBe(1);
  });

  it('listVolumes: a ROOT volume per VM, on the primary storage of its cluster; the user sees only hers', async () => {
    const vms = expectList<{ id: string; name: string }>(await alice.call('listVirtualMachines'), 'virtualmachine').items;
    const vols = expectList<{ id: string; type: string; virtualmachineid: string; storageid: string; size: number; state: string; vmtype: string }>(
      await alice.call('listVolumes'), 'volume').items;
    expect(vols.map((v) => v.virtualmachineid).sort()).toEqual(vms.map((v) => v.id).sort());
    expect(vols.every((v) => v.type === 'ROOT' && v.state === 'Ready' && v.size > 0 && v.vmtype === 'User')).toBe(true);
    const one = expectList<{ id: string }>(await alice.call('listVolumes', { id: vols[0]!.id }), 'volume').items;
    expect(one.map((v) => v.id)).toEqual([vols[0]!.id]);
    const pools = expectList<{ id: string }>(await admin.call('listStoragePools'), 'storagepool').items.map((p) => p.id);
    expect(vols.filter((v) => v.storageid).every((v) => pools.includes(v.storageid))).toBe(true);
    // The root admin sees the volumes of routers and system VMs too.
    const all = expectList<{ vmtype: string }>(await admin.call('listVolumes', { listall: true, pagesize: -1 }), 'volume').items;
    expect(new Set(all.map((v) => v.vmtype))).toEqual(new Set(['User', 'DomainRouter', 'ConsoleProxy', 'SecondaryStorageVm']));
    await checkPaging(admin, 'listVolumes', 'volume', { listall: true }, 7);
  });

  it('listStoragePools: a primary storage per cluster (root admin only), with its size and use in bytes', async () => {
    const pools = expectList<{ id: string; clusterid: string; scope: string; state: string; disksizetotal: number; disksizeused: number }>(
      await admin.call('listStoragePools'), 'storagepool').items;
    const clusters = expectList(await admin.call('listClusters'), 'cluster');
    expect(pools).toHaveLength(clusters.count);
    expect(pools.every((p) => p.scope === 'CLUSTER' && p.state === 'Up' && p.disksizeused <= p.disksizetotal)).toBe(true);
    expect(expectList(await admin.call('listStoragePools', { clusterid: pools[0]!.clusterid }), 'storagepool').count).toBe(1);
    expectError(await alice.call('listStoragePools'), 432);
  });

  it('listCapacity: per zone, the capacity types with used, total and percentused', async () => {
    const caps = expectList<{ type: number; name: string; zoneid: string; capacityused: number; capacitytotal: number; percentused: string }>(
      await admin.call('listCapacity'), 'capacity').items;
    for (const z of zones) {
      const mine = caps.filter((c) => c.zoneid === z.id);
      expect(mine.map((c) => c.name)).toEqual(expect.arrayContaining(['MEMORY', 'CPU', 'STORAGE', 'VIRTUAL_NETWORK_PUBLIC_IP', 'CPU_CORE']));
      for (const c of mine) expect(Number(c.percentused)).toBeCloseTo(c.capacitytotal ? (c.capacityused / c.capacitytotal) * 100 : 0, 1);
    }
    const cpu = expectList<{ type: number }>(await admin.call('listCapacity', { type: 1 }), 'capacity').items;
    expect(cpu.every((c) => c.type === 1)).toBe(true);
    expect(cpu).toHaveLength(zones.length);
  });

  it('listInfrastructure: the number of each kind of object', async () => {
    const r = await admin.call('listInfrastructure');
    const inf = r.data.infrastructure as Record<string, number>;
    expect(inf).toMatchObject({ zones: 3, managementservers: 1 });
    expect(inf.routers).toBe(expectList(await admin.call('listRouters', { listall: true }), 'router').count);
    expect(inf.systemvms).toBe(expectList(await admin.call('listSystemVms'), 'systemvm').count);
  });

  it('listZonesMetrics and listVirtualMachinesMetrics add the figures as CloudStack words them', async () => {
    const z = expectList<{ name: string; cputotal: string; memorytotal: string; clusters: string; state: string }>(
      await admin.call('listZonesMetrics'), 'zone').items;
    expect(z).toHaveLength(3);
    expect(z[0]!.cputotal).toMatch(/^\d+\.\d{2} Ghz$/);
    expect(z[0]!.memorytotal).toMatch(/^\d+\.\d{2} GB$/);
    expect(z[0]!.clusters).toMatch(/^\d+ \/ \d+$/);
    const vms = expectList<{ id: string; cputotal: string; memorytotal: string }>(await alice.call('listVirtualMachinesMetrics'), 'virtualmachine').items;
    expect(vms.length).toBe(expectList(await alice.call('listVirtualMachines'), 'virtualmachine').count);
    expect(vms[0]!.cputotal).toMatch(/^\d+ x \d+\.\d{2} Ghz$/);
  });

  it('listProjects and listSSHKeyPairs: none in the demo cloud, answered as empty lists', async () => {
    expect((await alice.call('listProjects', { listall: true })).body).toEqual({ listprojectsresponse: {} });
    expect((await alice.call('listSSHKeyPairs')).body).toEqual({ listsshkeypairsresponse: {} });
  });
});
