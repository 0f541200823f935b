import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

type Zone = { id: string; name: string; networktype: string; allocationstate: string };
type Pod = { id: string; name: string; zoneid: string };
type Cluster = { id: string; name: string; podid: string; zoneid: string; hypervisortype: string };
type Host = { id: string; name: string; clusterid: string; podid: string; zoneid: string; state: string; hypervisor: string; type: string };

describe('zones, pods, clusters and hosts', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let alice: Session;
  let zones: Zone[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    zones = expectList<Zone>(await admin.call('listZones'), 'zone').items;
  });
  afterAll(() => t.close());

  describe('listZones', () => {
    it('lists the three zones to every role', async () => {
      expect(zones.map((z) => z.name).sort()).toEqual(['zone-central', 'zone-east', 'zone-west']);
      expect(zones.every((z) => z.networktype === 'Advanced' && z.allocationstate === 'Enabled')).toBe(true);
      for (const s of [eng, alice]) expect(expectList<Zone>(await s.call('listZones'), 'zone').count).toBe(3);
    });

    it('filters by id, ids, name and keyword; nothing found is {}', async () => {
      const east = zones.find((z) => z.name === 'zone-east')!;
      expect(expectList<Zone>(await admin.call('listZones', { id: east.id }), 'zone').items.map((z) => z.name)).toEqual(['zone-east']);
      const two = expectList<Zone>(await admin.call('listZones', { ids: `${zones[0]!.id},${zones[1]!.id}` }), 'zone');
      expect(two.count).toBe(2);
      expect(expectList<Zone>(await admin.call('listZones', { name: 'zone-west' }), 'zone').count).toBe(1);
      expect(expectList<Zone>(await admin.call('listZones', { keyword: 'CENT' }), 'zone').items.map((z) => z.name)).toEqual(['zone-central']);
      // An id that names no entity is refused by ParamProcessWorker, for lists too.
      expectError(await admin.call('listZones', { id: NO_SUCH_ID }), 431,
        `Unable to execute API command listzones due to invalid value. Invalid parameter id value=${NO_SUCH_ID} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`);
      expect((await admin.call('listZones', { name: 'no-such-zone' })).body).toEqual({ listzonesresponse: {} });
    });

    it('bad input answers 431 naming the parameter', async () => {
      expectError(await admin.call('listZones', { id: 'east' }), 431, /\bid\b/);
      expectError(await admin.call('listZones', { ids: `${zones[0]!.id},nope` }), 431, /\bids\b/);
      // BOOLEAN is Boolean.valueOf: "maybe" is false, not an error.
      expect((await admin.call('listZones', { available: 'maybe' })).status).toBe(200);
      expectError(await admin.call('listZones', { page: -1 }), 431, /\bpage\b/);
    });

    it('pages', async () => {
      await checkPaging(admin, 'listZones', 'zone', {}, 2);
    });
  });

  describe('listPods, listClusters, listHosts', () => {
    it('are for the root admin only: a domain admin or a user gets 432', async () => {
      for (const cmd of ['listPods', 'listClusters', 'listHosts']) {
        expectError(await eng.call(cmd), 432, new RegExp(cmd));
        expectError(await alice.call(cmd), 432, new RegExp(cmd));
      }
    });

    it('three pods per zone, two clusters per pod, four hosts per cluster, with consistent parents', async () => {
      const pods = expectList<Pod>(await admin.call('listPods'), 'pod').items;
      const clusters = expectList<Cluster>(await admin.call('listClusters'), 'cluster').items;
      const hosts = expectList<Host>(await admin.call('listHosts'), 'host').items;
      expect(pods).toHaveLength(9);
      expect(clusters).toHaveLength(18);
      expect(hosts).toHaveLength(72);
      const podById = new Map(pods.map((p) => [p.id, p]));
      const clusterById = new Map(clusters.map((c) => [c.id, c]));
      for (const c of clusters) expect(podById.get(c.podid)!.zoneid).toBe(c.zoneid);
      for (const h of hosts) {
        const c = clusterById.get(h.clusterid)!;
        expect([c.podid, c.zoneid]).toEqual([h.podid, h.zoneid]);
        expect(h.hypervisor).toBe(c.hypervisortype);
        expect(h.type).toBe('Routing');
      }
      for (const z of zones) expect(pods.filter((p) => p.zoneid === z.id)).toHaveLength(3);
    });

    it('filter by zoneid, podid, clusterid, id, name, hypervisor and keyword', async () => {
      const east = zones.find((z) => z.name === 'zone-east')!;
      const pods = expectList<Pod>(await admin.call('listPods', { zoneid: east.id }), 'pod').items;
      expect(pods).toHaveLength(3);
      expect(pods.every((p) => p.zoneid === east.id)).toBe(true);
      const pod = pods[0]!;
      expect(expectList<Pod>(await admin.call('listPods', { id: pod.id }), 'pod').items.map((p) => p.name)).toEqual([pod.name]);
      expect(expectList<Pod>(await admin.call('listPods', { name: pod.name }), 'pod').count).toBe(1);
      expect(expectList<Pod>(await admin.call('listPods', { keyword: 'pod2' }), 'pod').count).toBe(3);

      const clusters = expectList<Cluster>(await admin.call('listClusters', { podid: pod.id }), 'cluster').items;
      expect(clusters).toHaveLength(2);
      expect(expectList<Cluster>(await admin.call('listClusters', { zoneid: east.id }), 'cluster').count).toBe(6);
      const vmware = expectList<Cluster>(await admin.call('listClusters', { hypervisor: 'vmware' }), 'cluster').items;
      expect(vmware).toHaveLength(6);
      expect(vmware.every((c) => c.hypervisortype === 'VMware')).toBe(true);
      expect(expectList<Cluster>(await admin.call('listClusters', { id: clusters[0]!.id }), 'cluster').count).toBe(1);

      const hosts = expectList<Host>(await admin.call('listHosts', { clusterid: clusters[0]!.id }), 'host').items;
      expect(hosts).toHaveLength(4);
      expect(expectList<Host>(await admin.call('listHosts', { podid: pod.id }), 'host').count).toBe(8);
      expect(expectList<Host>(await admin.call('listHosts', { zoneid: east.id, type: 'Routing', state: 'Up' }), 'host').count).toBe(24);
      expect(expectList<Host>(await admin.call('listHosts', { hypervisor: 'XenServer' }), 'host').count).toBe(24);
      expect(expectList<Host>(await admin.call('listHosts', { id: hosts[0]!.id }), 'host').items.map((h) => h.name)).toEqual([hosts[0]!.name]);
      expect(expectList<Host>(await admin.call('listHosts', { keyword: hosts[0]!.name }), 'host').count).toBe(1);
      expect((await admin.call('listHosts', { type: 'SecondaryStorage' })).body).toEqual({ listhostsresponse: {} });
      expectError(await admin.call('listPods', { zoneid: NO_SUCH_ID }), 431, /Invalid parameter zoneid value=.*entity does not exist/);
    });

    it('listHosts virtualmachineid finds the host a router runs on', async () => {
      const routers = expectList<{ id: string; hostid?: string; state: string }>(
        await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items;
      const r = routers[0]!;
      const hosts = expectList<Host>(await admin.call('listHosts', { virtualmachineid: r.id }), 'host').items;
      expect(hosts.map((h) => h.id)).toEqual([r.hostid]);
    });

    it('bad input answers 431 naming the parameter', async () => {
      expectError(await admin.call('listPods', { zoneid: 'zone-east' }), 431, /zoneid/);
      expectError(await admin.call('listClusters', { podid: '1' }), 431, /podid/);
      expectError(await admin.call('listHosts', { clusterid: 'c' }), 431, /clusterid/);
      expectError(await admin.call('listHosts', { virtualmachineid: 'vm' }), 431, /virtualmachineid/);
      expectError(await admin.call('listHosts', { pagesize: 501 }), 431, /page ?size/i);
    });

    it('page', async () => {
      await checkPaging(admin, 'listPods', 'pod', {}, 4);
      await checkPaging(admin, 'listClusters', 'cluster', {}, 5);
      await checkPaging(admin, 'listHosts', 'host', {}, 10);
    });
  });
});
