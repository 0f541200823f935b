import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import type { SimulatorOptions } from '../options';

interface RouterItem {
  id: string;
  name: string;
  state: string;
  version: string;
  requiresupgrade: boolean;
  zoneid: string;
  podid: string;
  hostid?: string;
  account: string;
  domainid: string;
  guestnetworkid?: string;
  vpcid?: string;
  isredundantrouter?: boolean;
}

const CURRENT = '4.20.0';

async function routers(s: Session, params: Record<string, string | boolean> = {}): Promise<RouterItem[]> {
  const r = await s.call('listRouters', { listall: true, pagesize: 500, ...params });
  expect(r.status).toBe(200);
  return (r.data.router as RouterItem[] | undefined) ?? [];
}

async function withServer(options: Partial<SimulatorOptions>, body: (t: TestServer, admin: Session) => Promise<void>): Promise<void> {
  const t = await startTestServer(options);
  try {
    await body(t, await t.login());
  } finally {
    await t.close();
  }
}

/** Upgrades with the given scope, waits for every job, and answers the job results. */
async function upgrade(t: TestServer, admin: Session, scope: Record<string, string>) {
  const r = await admin.call('upgradeRouterTemplate', scope);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const jobs = (r.data.asyncjobs as { jobid: string }[] | undefined) ?? [];
  expect(r.data.count ?? 0).toBe(jobs.length);
  const results = [];
  for (const j of jobs) results.push(await t.waitForJob(admin, j.jobid));
  return results;
}

function stale(list: RouterItem[]): RouterItem[] {
  return list.filter((r) => r.requiresupgrade);
}

describe('upgradeRouterTemplate at every scope', () => {
  // One fresh cloud per scope, so that each scope starts with routers that require an upgrade.
  const cases: { scope: string; pick: (admin: Session, all: RouterItem[]) => Promise<{ params: Record<string, string>; inScope: (r: RouterItem) => boolean }> }[] = [
    {
      scope: 'id',
      pick: async (_a, all) => {
        const r = stale(all).find((x) => x.state === 'Running')!;
        return { params: { id: r.id }, inScope: (x) => x.id === r.id };
      },
    },
    {
      scope: 'zoneid',
      pick: async (_a, all) => {
        const z = stale(all)[0]!.zoneid;
        return { params: { zoneid: z }, inScope: (x) => x.zoneid === z };
      },
    },
    {
      scope: 'podid',
      pick: async (_a, all) => {
        const p = stale(all).at(-1)!.podid;
        return { params: { podid: p }, inScope: (x) => x.podid === p };
      },
    },
    {
      scope: 'clusterid',
      pick: async (admin, all) => {
        // listRouters has no clusterid in its answer: the cluster is the router's host's.
        const hosts = (await admin.call('listHosts', { pagesize: 500 })).data.host as { id: string; clusterid: string }[];
        const clusterOf = new Map(hosts.map((h) => [h.id, h.clusterid]));
        const r = stale(all).find((x) => x.hostid)!;
        const c = clusterOf.get(r.hostid!)!;
        const inCluster = new Set((await routers(admin, { clusterid: c })).map((x) => x.id));
        // Every running router the server counts in the cluster is on a host of that cluster.
        for (const x of all) if (inCluster.has(x.id) && x.hostid) expect(clusterOf.get(x.hostid)).toBe(c);
        return { params: { clusterid: c }, inScope: (x) => inCluster.has(x.id) };
      },
    },
    {
      scope: 'account with domainid',
      pick: async (_a, all) => {
        const r = stale(all).find((x) => x.account !== 'admin')!;
        return { params: { account: r.account, domainid: r.domainid }, inScope: (x) => x.account === r.account && x.domainid === r.domainid };
      },
    },
    {
      scope: 'domainid',
      pick: async (_a, all) => {
        const d = stale(all).find((x) => x.account !== 'admin')!.domainid;
        return { params: { domainid: d }, inScope: (x) => x.domainid === d };
      },
    },
  ];

  for (const c of cases) {
    it(`upgrades exactly the routers of the scope: ${c.scope}`, async () => {
      await withServer({ routers: 70, upgradeParallel: 3 }, async (t, admin) => {
        const before = await routers(admin);
        const { params, inScope } = await c.pick(admin, before);
        const expected = stale(before.filter(inScope));
        const untouched = stale(before.filter((x) => !inScope(x)));
        expect(expected.length).toBeGreaterThan(0);
        expect(untouched.length).toBeGreaterThan(0);

        const results = await upgrade(t, admin, params);
        expect(results).toHaveLength(expected.length);
        for (const j of results) {
          expect(j.jobstatus).toBe(1);
          expect(j.cmd).toMatch(/UpgradeRouterTemplateCmd$/);
          expect((j.jobresult as { router: RouterItem }).router.version).toBe(CURRENT);
        }
        expect(new Set(results.map((j) => j.jobinstanceid))).toEqual(new Set(expected.map((x) => x.id)));

        const after = new Map((await routers(admin)).map((x) => [x.id, x]));
        for (const x of expected) {
          const now = after.get(x.id)!;
          expect(now.version).toBe(CURRENT);
          expect(now.requiresupgrade).toBe(false);
          expect(now.state).toBe(x.state);
        }
        for (const x of untouched) expect(after.get(x.id)!.version).toBe(x.version);
      });
    });
  }

  it('refuses two scopes at once, and account without domainid', async () => {
    await withServer({ routers: 30 }, async (_t, admin) => {
      const r = (await routers(admin))[0]!;
      const both = await admin.call('upgradeRouterTemplate', { zoneid: r.zoneid, podid: r.podid });
      expect(both.status).toBe(431);
      expect(String(both.data.errortext)).toMatch(/Only one of/);
      const noDomain = await admin.call('upgradeRouterTemplate', { account: r.account });
      expect(noDomain.status).toBe(431);
      expect(String(noDomain.data.errortext)).toMatch(/domainid/);
    });
  });

  it('is for the root admin only', async () => {
    await withServer({ routers: 30 }, async (t) => {
      const domainAdmin = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
      const r = await domainAdmin.call('upgradeRouterTemplate', { zoneid: '00000000-0000-0000-0000-000000000000' });
      expect(r.status).toBe(432);
    });
  });

  it('skips routers on the current version: a second call starts nothing', async () => {
    await withServer({ routers: 40 }, async (t, admin) => {
      const z = stale(await routers(admin))[0]!.zoneid;
      await upgrade(t, admin, { zoneid: z });
      const again = await admin.call('upgradeRouterTemplate', { zoneid: z });
      expect(again.status).toBe(200);
      expect(again.data.count ?? 0).toBe(0);
    });
  });

  it('never runs more upgrades at once than the parallel limit', async () => {
    await withServer({ routers: 80, upgradeParallel: 2, speed: 20 }, async (t, admin) => {
      const r = await admin.call('upgradeRouterTemplate', {});
      const jobs = r.data.asyncjobs as { jobid: string }[];
      expect(jobs.length).toBeGreaterThan(4);
      const db = t.server.running.sim.db;
      let maxBusy = 0;
      for (;;) {
        // Routers of an upgrade in progress are Stopping or Starting; the limit caps them.
        const busy = (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'router.upgrade' AND status = 0 AND started = 1`).get() as { n: number }).n;
        maxBusy = Math.max(maxBusy, busy);
        const pending = (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'router.upgrade' AND status = 0`).get() as { n: number }).n;
        if (pending === 0) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      expect(maxBusy).toBeGreaterThan(0);
      expect(maxBusy).toBeLessThanOrEqual(2);
    });
  });
});

describe('fault injection', () => {
  it('a failed router stays on its old version, running, with a failed job and an ERROR event', async () => {
    const probe = await startTestServer({ routers: 60 });
    const admin0 = await probe.login();
    const candidates = stale(await routers(admin0)).filter((r) => r.state === 'Running');
    await probe.close();
    const victim = candidates[0]!;
    const podmates = candidates.filter((r) => r.podid === victim.podid && r.id !== victim.id);

    await withServer({ routers: 60, failRouters: [victim.name] }, async (t, admin) => {
      const results = await upgrade(t, admin, { podid: victim.podid });
      const failed = results.filter((j) => j.jobstatus === 2);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.jobinstanceid).toBe(victim.id);
      expect(failed[0]!.jobresultcode).toBe(530);
      const jr = failed[0]!.jobresult as { errorcode: number; errortext: string };
      expect(jr.errorcode).toBe(530);
      expect(jr.errortext).toContain(victim.name);
      expect(results.filter((j) => j.jobstatus === 1)).toHaveLength(results.length - 1);

      const [now] = await routers(admin, { id: victim.id });
      expect(now!.version).toBe(victim.version);
      expect(now!.requiresupgrade).toBe(true);
      expect(now!.state).toBe('Running');
      expect(now!.hostid).toBe(victim.hostid);

      const events = (await admin.call('listEvents', { listall: true, resourceid: victim.id })).data.event as { type: string; level: string; description: string }[];
      expect(events.some((e) => e.type === 'ROUTER.UPGRADE' && e.level === 'ERROR')).toBe(true);

      for (const m of podmates) expect((await routers(admin, { id: m.id }))[0]!.version).toBe(CURRENT);

      // A name pattern with * matches as well, and a retry of the same router fails the same way.
      const retry = await upgrade(t, admin, { id: victim.id });
      expect(retry).toHaveLength(1);
      expect(retry[0]!.jobstatus).toBe(2);
    });
  });

  it('patterns with * pick several routers', async () => {
    await withServer({ routers: 60, failRouters: ['r-*-VM'] }, async (t, admin) => {
      const z = stale(await routers(admin))[0]!.zoneid;
      const results = await upgrade(t, admin, { zoneid: z });
      expect(results.length).toBeGreaterThan(0);
      for (const j of results) {
        const r = (await routers(admin, { id: String(j.jobinstanceid) }))[0]!;
        // Stopped routers take the template without booting it, so only running ones can fail.
        if (j.jobstatus === 2) expect(r.requiresupgrade).toBe(true);
        else expect(r.state).toBe('Stopped');
      }
      expect(results.some((j) => j.jobstatus === 2)).toBe(true);
    });
  });
});

describe('router.version.check', () => {
  let t: TestServer;
  let admin: Session;
  let old: RouterItem;
  let fresh: RouterItem;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login();
    const all = await routers(admin);
    old = stale(all).find((r) => r.state === 'Running' && r.guestnetworkid)!;
    fresh = all.find((r) => !r.requiresupgrade && r.state === 'Running' && r.guestnetworkid && !r.isredundantrouter && r.account !== 'admin')!;
  });
  afterAll(() => t.close());

  for (const cmd of ['stopRouter', 'rebootRouter', 'destroyRouter'] as const) {
    it(`refuses ${cmd} on a router that requires an upgrade, with 530 and a reason`, async () => {
      const r = await admin.call(cmd, { id: old.id });
      expect(r.status).toBe(530);
      expect(String(r.data.errortext)).toMatch(/requires upgrade/i);
      expect(String(r.data.errortext)).toContain(old.name);
      expect((await routers(admin, { id: old.id }))[0]!.state).toBe('Running');
    });
  }

  it('refuses startRouter on a stopped router that requires an upgrade', async () => {
    // Stop one with the check off, then turn it back on.
    const victim = stale(await routers(admin)).filter((r) => r.state === 'Running' && r.id !== old.id).at(-1)!;
    await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
    const stop = await admin.call('stopRouter', { id: victim.id });
    await admin.call('updateConfiguration', { name: 'router.version.check', value: 'true' });
    expect((await t.waitForJob(admin, String(stop.data.jobid))).jobstatus).toBe(1);
    const r = await admin.call('startRouter', { id: victim.id });
    expect(r.status).toBe(530);
    expect(String(r.data.errortext)).toMatch(/requires upgrade/i);
  });

  it('refuses restartNetwork without cleanup for a network whose router requires an upgrade, allows it with cleanup', async () => {
    const r = await admin.call('restartNetwork', { id: old.guestnetworkid!, cleanup: false });
    expect(r.status).toBe(530);
    expect(String(r.data.errortext)).toMatch(/requires upgrade/i);
    const clean = await admin.call('restartNetwork', { id: old.guestnetworkid!, cleanup: true });
    expect(clean.status).toBe(200);
    expect((await t.waitForJob(admin, String(clean.data.jobid))).jobstatus).toBe(1);
    const [recreated] = await routers(admin, { networkid: old.guestnetworkid! });
    expect(recreated!.requiresupgrade).toBe(false);
    // The stale router is gone; pick another for the tests that follow.
    old = stale(await routers(admin)).find((x) => x.state === 'Running' && x.guestnetworkid)!;
  });

  it('lets operations through once router.version.check is false, and listCapabilities says so', async () => {
    expect((await admin.call('listCapabilities')).data.capability).toMatchObject({ routerversioncheck: true });
    const cfg = await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
    expect(cfg.status).toBe(200);
    try {
      expect((await admin.call('listCapabilities')).data.capability).toMatchObject({ routerversioncheck: false });
      const r = await admin.call('rebootRouter', { id: old.id });
      expect(r.status).toBe(200);
      expect((await t.waitForJob(admin, String(r.data.jobid))).jobstatus).toBe(1);
    } finally {
      await admin.call('updateConfiguration', { name: 'router.version.check', value: 'true' });
    }
  });

  it('does not stand in the way of a router on the current version', async () => {
    const r = await admin.call('stopRouter', { id: fresh.id, forced: true });
    expect(r.status).toBe(200);
    const job = await t.waitForJob(admin, String(r.data.jobid));
    expect(job.jobstatus).toBe(1);
    expect((job.jobresult as { router: RouterItem }).router.state).toBe('Stopped');
    const s = await admin.call('startRouter', { id: fresh.id });
    expect((await t.waitForJob(admin, String(s.data.jobid))).jobstatus).toBe(1);
    expect((await routers(admin, { id: fresh.id }))[0]!.state).toBe('Running');
  });
});

describe('destroyRouter and restartNetwork', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login();
  });
  afterAll(() => t.close());
  const used = new Set<string>();

  async function singleRouterNetwork(): Promise<RouterItem> {
    const all = await routers(admin);
    const perNet = new Map<string, number>();
    for (const r of all) if (r.guestnetworkid) perNet.set(r.guestnetworkid, (perNet.get(r.guestnetworkid) ?? 0) + 1);
    const r = all.find((x) => x.guestnetworkid && perNet.get(x.guestnetworkid) === 1 && !x.requiresupgrade && x.state === 'Running' && x.account !== 'admin' && !used.has(x.guestnetworkid))!;
    used.add(r.guestnetworkid!);
    return r;
  }

  it('restartNetwork without cleanup keeps the routers, with cleanup recreates them on the current version', async () => {
    const r = await singleRouterNetwork();
    const net = r.guestnetworkid!;
    const plain = await admin.call('restartNetwork', { id: net, cleanup: false });
    expect(plain.status).toBe(200);
    expect((await t.waitForJob(admin, String(plain.data.jobid))).jobstatus).toBe(1);
    const kept = await routers(admin, { networkid: net });
    expect(kept.map((x) => x.id)).toEqual([r.id]);
    expect(kept[0]!.state).toBe('Running');

    const clean = await admin.call('restartNetwork', { id: net, cleanup: true });
    expect(clean.status).toBe(200);
    const job = await t.waitForJob(admin, String(clean.data.jobid));
    expect(job.jobstatus).toBe(1);
    const recreated = await routers(admin, { networkid: net });
    expect(recreated).toHaveLength(1);
    expect(recreated[0]!.id).not.toBe(r.id);
    expect(recreated[0]!.state).toBe('Running');
    expect(recreated[0]!.version).toBe(CURRENT);
  });

  it('destroyRouter removes the router with an event; only cleanup=true brings a single router back', async () => {
    const r = await singleRouterNetwork();
    const net = r.guestnetworkid!;
    const d = await admin.call('destroyRouter', { id: r.id });
    expect(d.status).toBe(200);
    const job = await t.waitForJob(admin, String(d.data.jobid));
    expect(job.jobstatus).toBe(1);
    expect((job.jobresult as { router: RouterItem }).router.id).toBe(r.id);
    expect(await routers(admin, { id: r.id })).toHaveLength(0);
    const events = (await admin.call('listEvents', { listall: true, resourceid: r.id })).data.event as { type: string }[];
    expect(events.some((e) => e.type === 'ROUTER.DESTROY')).toBe(true);

    // RestartNetworkCmd with cleanup=false does not recreate it (NetworkOrchestrator.restartNetwork)...
    const plain = await admin.call('restartNetwork', { id: net, cleanup: false });
    expect((await t.waitForJob(admin, String(plain.data.jobid))).jobstatus).toBe(1);
    expect(await routers(admin, { networkid: net })).toHaveLength(0);
    // ...cleanup=true does.
    const clean = await admin.call('restartNetwork', { id: net, cleanup: true });
    expect((await t.waitForJob(admin, String(clean.data.jobid))).jobstatus).toBe(1);
    const back = await routers(admin, { networkid: net });
    expect(back).toHaveLength(1);
    expect(back[0]!.state).toBe('Running');
  });

  it('destroyRouter of an unknown id answers 431', async () => {
    const r = await admin.call('destroyRouter', { id: '11111111-2222-3333-4444-555555555555' });
    expect(r.status).toBe(431);
  });

  it('a user may not destroy a router', async () => {
    const r = (await routers(admin))[0]!;
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const res = await alice.call('destroyRouter', { id: r.id });
    expect(res.status).toBe(432);
  });
});
