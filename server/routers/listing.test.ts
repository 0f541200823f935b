import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Router {
  id: string; name: string; state: string; version: string; requiresupgrade: boolean; zoneid: string; zonename: string;
  podid: string; hostid?: string; account: string; domainid: string; domain: string; guestnetworkid?: string;
  vpcid?: string; vpcname?: string; isredundantrouter: boolean; redundantstate: string; role: string; publicip?: string;
  hypervisor: string; templateid: string; serviceofferingid: string; healthchecksfailed?: boolean; healthcheckresults?: unknown[];
}

describe('listRouters', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let all: Router[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 80 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    all = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
  });
  afterAll(() => t.close());

  it('answers listroutersresponse with count and router for the root admin with listall', async () => {
    const r = await admin.call('listRouters', { listall: true });
    expect(Object.keys(r.body)).toEqual(['listroutersresponse']);
    expect(r.data.count).toBe(80);
    expect(all).toHaveLength(80);
    for (const x of all) {
      expect(x.role).toBe('VIRTUAL_ROUTER');
      expect(typeof x.requiresupgrade).toBe('boolean');
      expect(x.requiresupgrade).toBe(x.version !== '4.20.0');
      expect(x.zonename).toBeTruthy();
      if (x.state === 'Running') expect(x.hostid).toBeTruthy();
      else expect(x.publicip).toBeUndefined();
      // No cluster on a router: it comes from the host.
      expect(x).not.toHaveProperty('clusterid');
    }
  });

  it('without listall the root admin sees only its own account’s routers', async () => {
    const own = expectList<Router>(await admin.call('listRouters'), 'router');
    expect(own.count).toBeGreaterThan(0);
    expect(own.items.every((x) => x.account === 'admin')).toBe(true);
  });

  it('a domain admin lists only routers in its subtree, and none of its own without listall', async () => {
    const sub = expectList<Router>(await eng.call('listRouters', { listall: true }), 'router');
    const expected = all.filter((x) => x.domain === 'Engineering' || x.domain === 'QA');
    expect(sub.count).toBe(expected.length);
    expect(sub.count).toBeGreaterThan(0);
    expect(new Set(sub.items.map((x) => x.id))).toEqual(new Set(expected.map((x) => x.id)));
    expect((await eng.call('listRouters')).body).toEqual({ listroutersresponse: {} });
    // Naming a router outside the subtree by id finds nothing.
    const sales = all.find((x) => x.domain === 'Sales')!;
    expect((await eng.call('listRouters', { listall: true, id: sales.id })).body).toEqual({ listroutersresponse: {} });
    const domains = expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items;
    const salesDomain = domains.find((d) => d.path === 'ROOT/Sales')!;
    expectError(await eng.call('listRouters', { domainid: salesDomain.id }), 531);
  });

  it('is not for users: 432', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    expectError(await alice.call('listRouters', { listall: true }), 432);
  });

  it('has redundant PRIMARY/BACKUP pairs on one network and VPC routers with their VPC', async () => {
    const redundant = all.filter((x) => x.isredundantrouter);
    expect(redundant.length).toBeGreaterThan(0);
    const byNetwork = new Map<string, Router[]>();
    for (const x of redundant) byNetwork.set(x.guestnetworkid!, [...(byNetwork.get(x.guestnetworkid!) ?? []), x]);
    for (const pair of byNetwork.values()) {
      expect(pair.map((x) => x.redundantstate).sort()).toEqual(['BACKUP', 'PRIMARY']);
    }
    const vpc = all.filter((x) => x.vpcid);
    expect(vpc.length).toBeGreaterThan(0);
    expect(vpc.every((x) => x.vpcname && x.guestnetworkid === undefined)).toBe(true);
    expect(all.filter((x) => !x.isredundantrouter).every((x) => x.redundantstate === 'UNKNOWN')).toBe(true);
  });

  it('filters by id, name, zoneid, podid, clusterid, hostid, networkid, vpcid, forvpc, state, version and account', async () => {
    const one = all.find((x) => x.state === 'Running' && !x.vpcid)!;
    const ids = async (params: Record<string, string | boolean>) =>
      expectList<Router>(await admin.call('listRouters', { listall: true, ...params }), 'router').items.map((x) => x.id).sort();
    const expect_ = (pred: (x: Router) => boolean) => all.filter(pred).map((x) => x.id).sort();
    expect(await ids({ id: one.id })).toEqual([one.id]);
    expect(await ids({ name: one.name })).toEqual([one.id]);
    expect(await ids({ zoneid: one.zoneid })).toEqual(expect_((x) => x.zoneid === one.zoneid));
    expect(await ids({ podid: one.podid })).toEqual(expect_((x) => x.podid === one.podid));
    expect(await ids({ hostid: one.hostid! })).toEqual(expect_((x) => x.hostid === one.hostid));
    expect(await ids({ networkid: one.guestnetworkid! })).toEqual(expect_((x) => x.guestnetworkid === one.guestnetworkid));
    const vpcRouter = all.find((x) => x.vpcid)!;
    expect(await ids({ vpcid: vpcRouter.vpcid! })).toEqual(expect_((x) => x.vpcid === vpcRouter.vpcid));
    expect(await ids({ forvpc: true })).toEqual(expect_((x) => !!x.vpcid));
    expect(await ids({ forvpc: false })).toEqual(expect_((x) => !x.vpcid));
    expect(await ids({ state: 'Stopped' })).toEqual(expect_((x) => x.state === 'Stopped'));
    expect(await ids({ state: 'running' })).toEqual(expect_((x) => x.state === 'Running'));
    expect(await ids({ version: '4.19' })).toEqual(expect_((x) => x.version.startsWith('4.19')));
    expect(await ids({ account: one.account, domainid: one.domainid })).toEqual(expect_((x) => x.account === one.account && x.domainid === one.domainid));
    // clusterid: the routers on the hosts of that cluster.
    const hosts = expectList<{ id: string; clusterid: string }>(await admin.call('listHosts', { id: one.hostid! }), 'host').items;
    const clusterHosts = expectList<{ id: string }>(await admin.call('listHosts', { clusterid: hosts[0]!.clusterid }), 'host').items.map((h) => h.id);
    const inCluster = await ids({ clusterid: hosts[0]!.clusterid, state: 'Running' });
    expect(inCluster).toContain(one.id);
    expect(inCluster).toEqual(expect_((x) => x.state === 'Running' && clusterHosts.includes(x.hostid!)));
    expectError(await admin.call('listRouters', { listall: true, zoneid: NO_SUCH_ID }), 431, /entity does not exist/);
  });

  it('keyword matches name, public IP and account', async () => {
    const one = all.find((x) => x.state === 'Running' && x.account.startsWith('tenant'))!;
    const byName = expectList<Router>(await admin.call('listRouters', { listall: true, keyword: one.name }), 'router').items;
    expect(byName.map((x) => x.name)).toContain(one.name);
    expect(byName.every((x) => x.name.includes(one.name) || x.account.includes(one.name) || x.publicip?.includes(one.name))).toBe(true);
    const byAccount = expectList<Router>(await admin.call('listRouters', { listall: true, keyword: one.account }), 'router').items;
    expect(byAccount.map((x) => x.id).sort()).toEqual(all.filter((x) => x.account === one.account).map((x) => x.id).sort());
    const byIp = expectList<Router>(await admin.call('listRouters', { listall: true, keyword: one.publicip! }), 'router').items;
    expect(byIp.map((x) => x.id)).toContain(one.id);
    expect((await admin.call('listRouters', { listall: true, keyword: '%' })).body).toEqual({ listroutersresponse: {} });
  });

  it('fetchhealthcheckresults adds the health checks', async () => {
    const r = expectList<Router>(await admin.call('listRouters', { listall: true, fetchhealthcheckresults: true, pagesize: 5 }), 'router');
    expect(r.items.every((x) => Array.isArray(x.healthcheckresults) && typeof x.healthchecksfailed === 'boolean')).toBe(true);
    expect(all.every((x) => x.healthcheckresults === undefined)).toBe(true);
  });

  it('bad input answers 431 naming the parameter', async () => {
    expectError(await admin.call('listRouters', { id: 'r-1-VM' }), 431, /\bid\b/);
    expectError(await admin.call('listRouters', { zoneid: 'east' }), 431, /zoneid/);
    expectError(await admin.call('listRouters', { podid: '1' }), 431, /podid/);
    expectError(await admin.call('listRouters', { clusterid: '1' }), 431, /clusterid/);
    expect((await admin.call('listRouters', { forvpc: 'no' })).status).toBe(200); // Boolean.valueOf: not an error
    expect((await admin.call('listRouters', { listall: 'all' })).status).toBe(200);
    expectError(await admin.call('listRouters', { page: 'first' }), 431, /\bpage\b/);
    expectError(await admin.call('listRouters', { account: 'nobody-here', domainid: all[0]!.domainid }), 431, /nobody-here/);
  });

  it('pages', async () => {
    await checkPaging(admin, 'listRouters', 'router', { listall: true }, 25);
  });
});
