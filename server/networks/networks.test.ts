import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Network { id: string; name: string; zoneid: string; account: string; domainid: string; type: string; vpcid?: string;
  redundantrouter: boolean; state: string }
interface Vm { id: string; name: string; zoneid: string; hostid?: string; account: string; domainid: string; state: string; vnc?: unknown }

describe('listNetworks and listVirtualMachines', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let alice: Session;
  let bob: Session;
  let networks: Network[];
  let vms: Vm[];
  let domainPath: Map<string, string>;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    bob = await t.login('bob', 'password', '/ROOT/Sales/');
    networks = expectList<Network>(await admin.call('listNetworks', { listall: true, pagesize: -1 }), 'network').items;
    vms = expectList<Vm>(await admin.call('listVirtualMachines', { listall: true, pagesize: -1 }), 'virtualmachine').items;
    const domains = expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items;
    domainPath = new Map(domains.map((d) => [d.id, d.path]));
  });
  afterAll(() => t.close());
  const inEngineering = (domainid: string) => domainPath.get(domainid)!.startsWith('ROOT/Engineering');

  describe('listNetworks', () => {
    it('has isolated, redundant, VPC tier and shared networks', async () => {
      expect(networks.length).toBeGreaterThan(10);
      expect(new Set(networks.map((n) => n.type))).toEqual(new Set(['Isolated', 'Shared']));
      expect(networks.some((n) => n.vpcid)).toBe(true);
      expect(networks.some((n) => n.redundantrouter)).toBe(true);
      expect(networks.filter((n) => n.type === 'Shared')).toHaveLength(3);
    });

    it('a user lists its own networks and the shared ones of its domain or above', async () => {
      const mine = expectList<Network>(await alice.call('listNetworks', { listall: true }), 'network').items;
      expect(mine.some((n) => n.account === 'alice')).toBe(true);
      expect(mine.every((n) => n.account === 'alice' || n.type === 'Shared')).toBe(true);
      const bobs = expectList<Network>(await bob.call('listNetworks'), 'network').items;
      expect(bobs.every((n) => n.account === 'bob' || n.type === 'Shared')).toBe(true);
      expect(bobs.map((n) => n.id)).not.toEqual(expect.arrayContaining(mine.filter((n) => n.account === 'alice').map((n) => n.id)));
    });

    it('a domain admin lists its subtree (and shared networks) with listall', async () => {
      const sub = expectList<Network>(await eng.call('listNetworks', { listall: true, pagesize: -1 }), 'network').items;
      const want = networks.filter((n) => inEngineering(n.domainid) || n.type === 'Shared').map((n) => n.id).sort();
      expect(sub.map((n) => n.id).sort()).toEqual(want);
    });

    it('filters by id, name, zoneid, vpcid, forvpc, type and keyword', async () => {
      const ids = async (p: Record<string, string | boolean>) =>
        expectList<Network>(await admin.call('listNetworks', { listall: true, pagesize: -1, ...p }), 'network').items.map((n) => n.id).sort();
      const want = (pred: (n: Network) => boolean) => networks.filter(pred).map((n) => n.id).sort();
      const n0 = networks.find((n) => n.type === 'Isolated' && !n.vpcid)!;
      expect(await ids({ id: n0.id })).toEqual([n0.id]);
      expect(await ids({ name: n0.name })).toEqual(want((n) => n.name === n0.name));
      expect(await ids({ zoneid: n0.zoneid })).toEqual(want((n) => n.zoneid === n0.zoneid));
      const tier = networks.find((n) => n.vpcid)!;
      expect(await ids({ vpcid: tier.vpcid! })).toEqual(want((n) => n.vpcid === tier.vpcid));
      expect(await ids({ forvpc: true })).toEqual(want((n) => !!n.vpcid));
      expect(await ids({ type: 'Shared' })).toEqual(want((n) => n.type === 'Shared'));
      expect(await ids({ keyword: 'shared-' })).toEqual(want((n) => n.name.includes('shared-')));
      expectError(await admin.call('listNetworks', { listall: true, id: NO_SUCH_ID }), 431, /entity does not exist/);
    });

    it('bad input answers 431 naming the parameter; a domain out of reach 531', async () => {
      expectError(await admin.call('listNetworks', { zoneid: 'z' }), 431, /zoneid/);
      expectError(await admin.call('listNetworks', { vpcid: 'v' }), 431, /vpcid/);
      expect((await admin.call('listNetworks', { forvpc: '1' })).status).toBe(200); // Boolean.valueOf: not an error
      const sales = [...domainPath].find(([, p]) => p === 'ROOT/Sales')![0];
      expectError(await eng.call('listNetworks', { domainid: sales }), 531);
      expectError(await alice.call('listNetworks', { account: 'bob', domainid: sales }), 531);
    });

    it('pages', async () => {
      await checkPaging(admin, 'listNetworks', 'network', { listall: true }, 7);
    });
  });

  describe('listVirtualMachines', () => {
    it('a user lists only its own VMs, whatever it asks', async () => {
      const cases: Record<string, boolean>[] = [{}, { listall: true }];
      for (const p of cases) {
        const mine = expectList<Vm>(await alice.call('listVirtualMachines', p), 'virtualmachine').items;
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.every((v) => v.account === 'alice')).toBe(true);
      }
    });

    it('a domain admin lists its subtree, the root admin every VM; VNC details never leak', async () => {
      const sub = expectList<Vm>(await eng.call('listVirtualMachines', { listall: true, pagesize: -1 }), 'virtualmachine').items;
      expect(sub.map((v) => v.id).sort()).toEqual(vms.filter((v) => inEngineering(v.domainid)).map((v) => v.id).sort());
      expect(vms.length).toBeGreaterThan(sub.length);
      expect(vms.every((v) => v.vnc === undefined)).toBe(true);
      expect(JSON.stringify(vms)).not.toMatch(/vncpassword|"vnc"/i);
      const own = expectList<Vm>(await admin.call('listVirtualMachines'), 'virtualmachine');
      expect(own.items.every((v) => v.account === 'admin')).toBe(true);
    });

    it('filters by id, ids, name, state, zoneid, hostid, networkid and keyword', async () => {
      const ids = async (p: Record<string, string>) =>
        expectList<Vm>(await admin.call('listVirtualMachines', { listall: true, pagesize: -1, ...p }), 'virtualmachine').items.map((v) => v.id).sort();
      const want = (pred: (v: Vm) => boolean) => vms.filter(pred).map((v) => v.id).sort();
      const v0 = vms.find((v) => v.state === 'Running')!;
      expect(await ids({ id: v0.id })).toEqual([v0.id]);
      expect(await ids({ ids: `${v0.id},${vms[1]!.id}` })).toEqual([v0.id, vms[1]!.id].sort());
      expect(await ids({ name: v0.name })).toEqual([v0.id]);
      expect(await ids({ state: 'Stopped' })).toEqual(want((v) => v.state === 'Stopped'));
      expect(await ids({ zoneid: v0.zoneid })).toEqual(want((v) => v.zoneid === v0.zoneid));
      expect(await ids({ hostid: v0.hostid! })).toEqual(want((v) => v.hostid === v0.hostid));
      expect(await ids({ keyword: 'alice-vm' })).toEqual(want((v) => v.name.includes('alice-vm')));
      const net = expectList<Network>(await alice.call('listNetworks'), 'network').items.find((n) => n.account === 'alice')!;
      const onNet = await ids({ networkid: net.id });
      expect(onNet.length).toBeGreaterThan(0);
      expect(vms.filter((v) => onNet.includes(v.id)).every((v) => v.account === 'alice')).toBe(true);
    });

    it('bad input answers 431 naming the parameter; another account 531', async () => {
      expectError(await admin.call('listVirtualMachines', { id: 'vm-1' }), 431, /\bid\b/);
      expectError(await admin.call('listVirtualMachines', { hostid: 'h' }), 431, /hostid/);
      expectError(await admin.call('listVirtualMachines', { ids: 'a,b' }), 431, /\bids\b/);
      const eng1 = [...domainPath].find(([, p]) => p === 'ROOT/Engineering')![0];
      expectError(await alice.call('listVirtualMachines', { account: 'eng-admin', domainid: eng1 }), 531);
    });

    it('pages', async () => {
      await checkPaging(admin, 'listVirtualMachines', 'virtualmachine', { listall: true }, 9);
    });
  });
});
