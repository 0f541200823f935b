import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Router { id: string; name: string; state: string; version: string; requiresupgrade: boolean; hostid?: string;
  account: string; domain: string; isredundantrouter: boolean; jobid?: string; jobstatus?: number }
interface Event { id: string; type: string; state: string; level: string; description: string; resourceid?: string }

async function routerById(s: Session, id: string): Promise<Router | undefined> {
  return expectList<Router>(await s.call('listRouters', { listall: true, id }), 'router').items[0];
}

async function eventsOf(s: Session, resourceid: string): Promise<Event[]> {
  return expectList<Event>(await s.call('listEvents', { listall: true, resourceid, pagesize: 100 }), 'event').items;
}

describe('startRouter, stopRouter, rebootRouter', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let all: Router[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    all = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
  });
  afterAll(() => t.close());
  const fresh = (skip: string[] = []) => all.find((x) => !x.requiresupgrade && x.state === 'Running' && !skip.includes(x.id))!;

  it('stopRouter runs as a job: {jobid, id}, then Stopped with its result, a Scheduled and a Completed event', async () => {
    const r = fresh();
    const res = await admin.call('stopRouter', { id: r.id });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['stoprouterresponse']);
    expect(Object.keys(res.data).sort()).toEqual(['id', 'jobid']);
    expect(res.data.id).toBe(r.id);
    const jobid = String(res.data.jobid);
    const job = await t.waitForJob(admin, jobid);
    expect(job).toMatchObject({ jobid, jobstatus: 1, jobresultcode: 0, jobresulttype: 'object', jobinstancetype: 'DomainRouter', jobinstanceid: r.id });
    expect(String(job.cmd)).toMatch(/StopRouterCmd$/);
    expect(job.completed).toBeTruthy();
    const result = (job.jobresult as { router: Router }).router;
    expect(result).toMatchObject({ id: r.id, state: 'Stopped' });
    expect(result.hostid).toBeUndefined();
    const now = (await routerById(admin, r.id))!;
    expect(now.state).toBe('Stopped');
    expect(now.jobid).toBeUndefined();
    const ev = (await eventsOf(admin, r.id)).filter((e) => e.type === 'ROUTER.STOP');
    expect(ev.map((e) => e.state).sort()).toEqual(['Completed', 'Scheduled']);
    expect(ev.find((e) => e.state === 'Completed')!.description).toContain(r.name);
    expect(ev.find((e) => e.state === 'Completed')!.description).not.toMatch(/forced/);
  });

  it('startRouter brings it back on a host, with a ROUTER.START event', async () => {
    const r = fresh();
    const res = await admin.call('startRouter', { id: r.id });
    expect(res.status).toBe(200);
    const job = await t.waitForJob(admin, String(res.data.jobid));
    expect(job.jobstatus).toBe(1);
    expect(String(job.cmd)).toMatch(/StartRouterCmd$/);
    const now = (await routerById(admin, r.id))!;
    expect(now.state).toBe('Running');
    expect(now.hostid).toBe(r.hostid);
    expect((await eventsOf(admin, r.id)).filter((e) => e.type === 'ROUTER.START').map((e) => e.state).sort()).toEqual(['Completed', 'Scheduled']);
  });

  it('stopRouter forced=true stops it and says so in the event', async () => {
    const r = fresh([fresh().id]);
    const res = await admin.call('stopRouter', { id: r.id, forced: true });
    expect((await t.waitForJob(admin, String(res.data.jobid))).jobstatus).toBe(1);
    expect((await routerById(admin, r.id))!.state).toBe('Stopped');
    const done = (await eventsOf(admin, r.id)).find((e) => e.type === 'ROUTER.STOP' && e.state === 'Completed')!;
    expect(done.description).toMatch(/forced/);
    await t.waitForJob(admin, String((await admin.call('startRouter', { id: r.id })).data.jobid));
  });

  it('rebootRouter ends Running with a ROUTER.REBOOT event', async () => {
    const r = fresh();
    const res = await admin.call('rebootRouter', { id: r.id, forced: false });
    expect(res.status).toBe(200);
    const job = await t.waitForJob(admin, String(res.data.jobid));
    expect(job.jobstatus).toBe(1);
    expect(String(job.cmd)).toMatch(/RebootRouterCmd$/);
    expect((job.jobresult as { router: Router }).router.state).toBe('Running');
    expect((await eventsOf(admin, r.id)).filter((e) => e.type === 'ROUTER.REBOOT').map((e) => e.state).sort()).toEqual(['Completed', 'Scheduled']);
  });

  it('refuses start and stop that do not fit the state: 431 with the reason', async () => {
    const r = fresh();
    expectError(await admin.call('startRouter', { id: r.id }), 431, /Running/);
    const stopped = all.find((x) => x.state === 'Stopped' && !x.requiresupgrade);
    if (stopped) expectError(await admin.call('stopRouter', { id: stopped.id }), 431, /Stopped/);
  });

  it('rebootRouter of a stopped router fails inside its job: 530 "Unable to reboot domR, it is not in right state Stopped"', async () => {
    const stopped = all.find((x) => x.state === 'Stopped')!;
    const res = await admin.call('rebootRouter', { id: stopped.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const job = await t.waitForJob(admin, String(res.data.jobid));
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 530 });
    expect((job.jobresult as { errortext: string }).errortext)
      .toMatch(/^Resource \[DataCenter:\d+\] is unreachable: Unable to reboot domR, it is not in right state Stopped$/);
    expect((await routerById(admin, stopped.id))!.state).toBe('Stopped');
  });

  it('a domain admin acts on routers of its subtree, and gets 531 outside it', async () => {
    const mine = all.find((x) => (x.domain === 'Engineering' || x.domain === 'QA') && !x.requiresupgrade && x.state === 'Running')!;
    const res = await eng.call('rebootRouter', { id: mine.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await t.waitForJob(eng, String(res.data.jobid))).jobstatus).toBe(1);
    const other = all.find((x) => x.domain === 'Sales' && x.state === 'Running')!;
    for (const cmd of ['stopRouter', 'rebootRouter', 'startRouter']) {
      expectError(await eng.call(cmd, { id: other.id }), 531, new RegExp(other.name));
    }
    expect((await routerById(admin, other.id))!.state).toBe('Running');
  });

  it('users may not call router actions: 432', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const hers = all.find((x) => x.account === 'alice')!;
    for (const cmd of ['stopRouter', 'rebootRouter', 'startRouter']) expectError(await alice.call(cmd, { id: hers.id }), 432);
  });

  it('bad input answers 431 naming the parameter', async () => {
    for (const cmd of ['startRouter', 'stopRouter', 'rebootRouter']) {
      expectError(await admin.call(cmd), 431, /\bid\b/);
      expectError(await admin.call(cmd, { id: 'r-4-VM' }), 431, /\bid\b/);
      expectError(await admin.call(cmd, { id: NO_SUCH_ID }), 431, /router/);
    }
    // BOOLEAN is Boolean.valueOf, so forced=hard is forced=false (an ordinary stop), not an error.
  });

  it('router.version.check allows stop, start and reboot of an outdated router: they send it no command', async () => {
    const old = all.find((x) => x.requiresupgrade && x.state === 'Running' && x.account !== 'admin')!;
    const stop = await admin.call('stopRouter', { id: old.id });
    expect(stop.status, JSON.stringify(stop.body)).toBe(200);
    expect((await t.waitForJob(admin, String(stop.data.jobid))).jobstatus).toBe(1);
    const start = await admin.call('startRouter', { id: old.id });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect((await t.waitForJob(admin, String(start.data.jobid))).jobstatus).toBe(1);
    const reboot = await admin.call('rebootRouter', { id: old.id });
    expect((await t.waitForJob(admin, String(reboot.data.jobid))).jobstatus).toBe(1);
    expect((await routerById(admin, old.id))!.state).toBe('Running');
  });
});

describe('a router busy with a job', () => {
  it('shows the job on the router and refuses a second action with 536 until it finishes', async () => {
    // Speed 1: a stop takes over a second, long enough to ask twice while it runs.
    const t = await startTestServer({ routers: 10, speed: 1 });
    try {
      const admin = await t.login();
      const all = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
      const r = all.find((x) => !x.requiresupgrade && x.state === 'Running')!;
      const res = await admin.call('stopRouter', { id: r.id });
      const jobid = String(res.data.jobid);
      const busy = (await routerById(admin, r.id))!;
      expect(busy.jobid).toBe(jobid);
      expect(busy.jobstatus).toBe(0);
      expect(['Running', 'Stopping']).toContain(busy.state);
      expectError(await admin.call('rebootRouter', { id: r.id }), 536, new RegExp(jobid));
      const pending = await admin.call('queryAsyncJobResult', { jobid });
      if (pending.data.jobstatus === 0) {
        expect(pending.data.jobresult).toBeUndefined();
        expect(pending.data.completed).toBeUndefined();
      }
      expect((await t.waitForJob(admin, jobid)).jobstatus).toBe(1);
      expect((await routerById(admin, r.id))!.jobid).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
