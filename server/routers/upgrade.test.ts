import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList, NO_SUCH_ID } from '../testing/expect';
import { startRestartableServer } from '../testing/restart';

/**
 * upgradeRouterTemplate as VirtualNetworkApplianceManagerImpl.upgradeRouterTemplate and rebootRouters do it.
 * Each test names the rule it checks.
 */
interface Router { id: string; name: string; state: string; version: string; requiresupgrade: boolean; zoneid: string; podid: string;
  hostid?: string; account: string; domainid: string; templateid: string; guestnetworkid?: string }
interface Job { jobid: string; cmd: string; userid: string; accountid: string; jobstatus: number; jobresultcode: number;
  jobinstancetype?: string; jobinstanceid?: string; jobresult?: Record<string, unknown> }

const REBOOT = 'org.apache.cloudstack.api.command.admin.router.RebootRouterCmd';

async function routers(s: Session, params: Record<string, string | boolean> = {}): Promise<Router[]> {
  return expectList<Router>(await s.call('listRouters', { listall: true, pagesize: -1, ...params }), 'router').items;
}

async function jobsOf(s: Session, answer: { data: Record<string, unknown> }): Promise<string[]> {
  return ((answer.data.asyncjobs as { jobid: string }[] | undefined) ?? []).map((j) => j.jobid);
}

describe('upgradeRouterTemplate selects as the source does', () => {
  let t: TestServer;
  let admin: Session;
  let all: Router[];
  let clusterOf: Map<string, string>;
  beforeAll(async () => {
    // No job may finish during these tests: they look at what was selected and queued.
    t = await startTestServer({ routers: 80, upgradeParallel: 1, speed: 0.001 });
    admin = await t.login();
    all = await routers(admin);
    const hosts = expectList<{ id: string; clusterid: string }>(await admin.call('listHosts', { pagesize: -1 }), 'host').items;
    clusterOf = new Map(hosts.map((h) => [h.id, h.clusterid]));
  });
  afterAll(() => t.close());

  it('more than one selector answers 431 "Multiple parameters not supported..."', async () => {
    const r = all[0]!;
    expectError(await admin.call('upgradeRouterTemplate', { zoneid: r.zoneid, podid: r.podid }), 431,
      /^Multiple parameters not supported\. Specify only one among routerId\/zoneId\/podId\/clusterId\/accountId\/domainId$/);
    expectError(await admin.call('upgradeRouterTemplate', { id: r.id, domainid: r.domainid }), 431, /Multiple parameters not supported/);
  });

  it('no selector selects nothing: the answer is empty', async () => {
    const r = await admin.call('upgradeRouterTemplate');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ upgraderoutertemplateresponse: {} });
  });

  it('an unknown id selects nothing', async () => {
    const r = await admin.call('upgradeRouterTemplate', { id: NO_SUCH_ID });
    expect(r.body).toEqual({ upgraderoutertemplateresponse: {} });
  });

  it('an account that does not exist in the domain answers 431 "Account :<name> does not exist in domain: <id>"', async () => {
    expectError(await admin.call('upgradeRouterTemplate', { account: 'nobody', domainid: all[0]!.domainid }), 431,
      /^Account :nobody does not exist in domain: \d+$/);
  });

  it('is for the root admin only: 432 for a domain admin', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    expectError(await eng.call('upgradeRouterTemplate', { zoneid: all[0]!.zoneid }), 432);
  });

  const scopes: { name: string; params: (r: Router) => Record<string, string>; member: (x: Router, r: Router) => boolean }[] = [
    { name: 'zone', params: (r) => ({ zoneid: r.zoneid }), member: (x, r) => x.zoneid === r.zoneid },
    { name: 'pod', params: (r) => ({ podid: r.podid }), member: (x, r) => x.podid === r.podid },
    { name: 'cluster', params: () => ({ clusterid: '' }), member: () => false },
    { name: 'domain', params: (r) => ({ domainid: r.domainid }), member: (x, r) => x.domainid === r.domainid },
    { name: 'account', params: (r) => ({ account: r.account, domainid: r.domainid }), member: (x, r) => x.account === r.account && x.domainid === r.domainid },
  ];
  for (const scope of scopes) {
    it(`${scope.name} selects Running routers only, and of them only those below the zone minimum get a job`, async () => {
      // A scope with both a stopped and a running outdated router, not touched by an earlier test.
      const before = await routers(admin);
      const free = before.filter((x) => !x.requiresupgrade || !(x as { jobid?: string }).jobid);
      let params: Record<string, string>;
      let member: (x: Router) => boolean;
      if (scope.name === 'cluster') {
        const r = free.find((x) => x.requiresupgrade && x.state === 'Running' && x.hostid && !(x as { jobid?: string }).jobid)!;
        const c = clusterOf.get(r.hostid!)!;
        const inCluster = new Set((await routers(admin, { clusterid: c })).map((x) => x.id));
        params = { clusterid: c };
        member = (x) => inCluster.has(x.id);
      } else {
        const r = free.find((x) => x.requiresupgrade && x.state === 'Running' && x.account !== 'admin' && !(x as { jobid?: string }).jobid
          && before.some((y) => scope.member(y, x) && y.state === 'Stopped' && y.requiresupgrade))
          ?? free.find((x) => x.requiresupgrade && x.state === 'Running' && x.account !== 'admin' && !(x as { jobid?: string }).jobid)!;
        params = scope.params(r);
        member = (x) => scope.member(x, r);
      }
      const inScope = before.filter(member);
      // A router already queued by an earlier call is selected again: rebootRouters checks the version only.
      const expected = inScope.filter((x) => x.state === 'Running' && x.requiresupgrade);
      expect(expected.length).toBeGreaterThan(0);
      const answer = await admin.call('upgradeRouterTemplate', params);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const ids = await jobsOf(admin, answer);
      expect(answer.data.count).toBe(ids.length);
      const jobs = await Promise.all(ids.map(async (j) => (await admin.call('queryAsyncJobResult', { jobid: j })).data as unknown as Job));
      expect(new Set(jobs.map((j) => j.jobinstanceid))).toEqual(new Set(expected.map((x) => x.id)));
      // Stopped outdated routers and routers at the minimum got none.
      const stopped = inScope.filter((x) => x.state !== 'Running' && x.requiresupgrade).map((x) => x.id);
      expect(jobs.filter((j) => stopped.includes(j.jobinstanceid!))).toHaveLength(0);
    });
  }

  it('id takes that router in any state: a stopped outdated router gets a job', async () => {
    // Stopped behind the simulator's back: this describe's jobs never run.
    const victim = (await routers(admin)).find((x) => x.state === 'Running' && x.requiresupgrade && !(x as { jobid?: string }).jobid)!;
    t.server.running.sim.db.prepare(`UPDATE routers SET state = 'Stopped', hostid = NULL WHERE id = ?`).run(victim.id);
    const stopped = (await routers(admin, { id: victim.id }))[0]!;
    expect(stopped).toMatchObject({ state: 'Stopped', requiresupgrade: true });
    const ids = await jobsOf(admin, await admin.call('upgradeRouterTemplate', { id: stopped.id }));
    expect(ids).toHaveLength(1);
  });

  it('id of a router at the minimum version selects it, but it gets no job', async () => {
    const current = all.find((x) => !x.requiresupgrade && x.state === 'Running')!;
    expect((await admin.call('upgradeRouterTemplate', { id: current.id })).body).toEqual({ upgraderoutertemplateresponse: {} });
  });
});

describe('the jobs of upgradeRouterTemplate', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60, upgradeParallel: 4 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('each job is a RebootRouterCmd of the system user, accountid the router\'s owner, instance the router; the answer lists exactly them', async () => {
    const before = await routers(admin);
    const target = before.find((x) => x.requiresupgrade && x.state === 'Running' && x.account !== 'admin')!;
    const expected = before.filter((x) => x.podid === target.podid && x.state === 'Running' && x.requiresupgrade);
    const answer = await admin.call('upgradeRouterTemplate', { podid: target.podid });
    const ids = await jobsOf(admin, answer);
    expect(ids).toHaveLength(expected.length);
    const db = t.server.running.sim.db;
    const systemUser = db.prepare(`SELECT id FROM users WHERE username = 'system'`).pluck().get() as string;
    const owners = new Map((db.prepare('SELECT id, name, domainid FROM accounts').all() as { id: string; name: string; domainid: string }[])
      .map((a) => [`${a.name}|${a.domainid}`, a.id]));
    // listAsyncJobs listall=true shows exactly these reboots, no job of the admin and no other job.
    const listed = expectList<Job>(await admin.call('listAsyncJobs', { listall: true, pagesize: -1 }), 'asyncjobs').items
      .filter((j) => j.cmd === REBOOT);
    expect(new Set(listed.map((j) => j.jobid))).toEqual(new Set(ids));
    for (const j of listed) {
      const r = before.find((x) => x.id === j.jobinstanceid)!;
      expect(j).toMatchObject({ cmd: REBOOT, userid: systemUser, accountid: owners.get(`${r.account}|${r.domainid}`), jobinstancetype: 'DomainRouter' });
    }
    // The admin's own job list (without listall) does not show them: they are not the admin's.
    const own = expectList<Job>(await admin.call('listAsyncJobs', { pagesize: -1 }), 'asyncjobs').items;
    expect(own.filter((j) => ids.includes(j.jobid))).toHaveLength(0);
    for (const id of ids) expect((await t.waitForJob(admin, id)).jobstatus).toBe(1);
  });

  it('the reboot rebuilds the router from the template the management-server upgrade pointed it at: the version rises', async () => {
    const r = (await routers(admin)).find((x) => x.requiresupgrade && x.state === 'Running')!;
    const templateVersion = (t.server.running.sim.db.prepare('SELECT version FROM templates WHERE id = ?').pluck().get(r.templateid)) as string;
    expect(r.version).not.toBe(templateVersion);
    const [id] = await jobsOf(admin, await admin.call('upgradeRouterTemplate', { id: r.id }));
    const job = await t.waitForJob(admin, id!);
    expect(job.jobstatus).toBe(1);
    expect((job.jobresult as { router: Router }).router).toMatchObject({ id: r.id, state: 'Running', version: templateVersion, requiresupgrade: false, templateid: r.templateid });
  });

  it('a stopped router given by id gets a job that fails as rebootRouter says: 530 "...Unable to reboot domR, it is not in right state Stopped"', async () => {
    const running = (await routers(admin)).find((x) => x.state === 'Running' && x.requiresupgrade)!;
    // Stopping an outdated router is allowed (router.version.check blocks only what is sent to it).
    const stop = await admin.call('stopRouter', { id: running.id });
    expect((await t.waitForJob(admin, String(stop.data.jobid))).jobstatus).toBe(1);
    const stopped = (await routers(admin, { id: running.id }))[0]!;
    const [id] = await jobsOf(admin, await admin.call('upgradeRouterTemplate', { id: stopped.id }));
    const job = await t.waitForJob(admin, id!);
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 530, cmd: REBOOT });
    expect(job.jobresult).toEqual({ errorcode: 530, errortext: expect.stringMatching(/^Resource \[DataCenter:\d+\] is unreachable: Unable to reboot domR, it is not in right state Stopped$/) });
    const [after] = await routers(admin, { id: stopped.id });
    expect(after).toMatchObject({ state: 'Stopped', version: stopped.version, requiresupgrade: true });
  });

  it('a second call for the same scope after the upgrade starts nothing', async () => {
    const pod = (await routers(admin)).find((x) => x.requiresupgrade && x.state === 'Running')!.podid;
    for (const id of await jobsOf(admin, await admin.call('upgradeRouterTemplate', { podid: pod }))) await t.waitForJob(admin, id);
    expect((await admin.call('upgradeRouterTemplate', { podid: pod })).body).toEqual({ upgraderoutertemplateresponse: {} });
  });
});

describe('the upgrade queue', () => {
  it('runs at most upgradeParallel reboots at once, and starts the next one as soon as a slot frees', async () => {
    const t = await startTestServer({ routers: 120, upgradeParallel: 3, speed: 50 });
    try {
      const admin = await t.login();
      const sim = t.server.running.sim;
      // Drive the scheduler by hand: after every tick, the queue must be full (or have nothing left to start).
      sim.jobs.stop();
      const zone = (await routers(admin)).find((x) => x.requiresupgrade && x.state === 'Running')!.zoneid;
      const ids = await jobsOf(admin, await admin.call('upgradeRouterTemplate', { zoneid: zone }));
      expect(ids.length).toBeGreaterThan(6);
      const count = (sql: string) => (sim.db.prepare(sql).get() as { n: number }).n;
      for (;;) {
        sim.jobs.tick();
        const running = count(`SELECT COUNT(*) AS n FROM jobs WHERE queue = 'router.upgrade' AND status = 0 AND started = 1`);
        const waiting = count(`SELECT COUNT(*) AS n FROM jobs WHERE queue = 'router.upgrade' AND status = 0 AND started = 0`);
        expect(running).toBeLessThanOrEqual(3);
        if (waiting > 0) expect(running, 'a slot stayed free while reboots were waiting').toBe(3);
        if (running === 0 && waiting === 0) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      for (const id of ids) expect((await admin.call('queryAsyncJobResult', { jobid: id })).data.jobstatus).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('router.version.check off', () => {
  it('no router counts as outdated, so upgradeRouterTemplate creates no job (after the restart that applies the setting)', async () => {
    const sim = await startRestartableServer({ routers: 40 });
    try {
      let admin = await sim.current().login();
      const outdated = (await routers(admin)).find((x) => x.requiresupgrade && x.state === 'Running')!;
      await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
      // Not dynamic: the running server still checks.
      const before = await jobsOf(admin, await admin.call('upgradeRouterTemplate', { id: outdated.id }));
      expect(before).toHaveLength(1);
      await sim.current().waitForJob(admin, before[0]!);
      const other = (await routers(admin)).find((x) => x.requiresupgrade && x.state === 'Running')!;
      admin = await (await sim.restart()).login();
      expect((await admin.call('upgradeRouterTemplate', { zoneid: other.zoneid })).body).toEqual({ upgraderoutertemplateresponse: {} });
      // requiresupgrade still reports the version against the minimum.
      expect((await routers(admin, { id: other.id }))[0]!.requiresupgrade).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
