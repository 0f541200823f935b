import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Job { jobid: string; accountid: string; userid: string; cmd: string; jobstatus: number; jobresultcode: number;
  jobinstancetype?: string; jobinstanceid?: string; created: string; completed?: string; jobresult?: Record<string, unknown> }
interface Network { id: string; name: string; account: string; type: string }
interface Router { id: string; state: string; requiresupgrade: boolean; domain: string; account: string }

describe('queryAsyncJobResult and listAsyncJobs', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let alice: Session;
  let carol: Session;
  let bob: Session;
  let adminJob: string;
  let engJob: string;
  let aliceJob: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    carol = await t.login('carol', 'password', '/ROOT/Engineering/QA/');
    bob = await t.login('bob', 'password', '/ROOT/Sales/');
    const routers = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
    const fresh = routers.filter((r) => !r.requiresupgrade && r.state === 'Running');
    const salesRouter = fresh.find((r) => r.domain === 'Sales')!;
    const engRouter = fresh.find((r) => r.domain === 'Engineering' || r.domain === 'QA')!;
    adminJob = String((await admin.call('rebootRouter', { id: salesRouter.id })).data.jobid);
    engJob = String((await eng.call('rebootRouter', { id: engRouter.id })).data.jobid);
    const net = expectList<Network>(await alice.call('listNetworks'), 'network').items.find((n) => n.account === 'alice')!;
    // Users restart their own networks; with cleanup, since alice's router is on an older version.
    const restart = await alice.call('restartNetwork', { id: net.id, cleanup: true });
    expect(restart.status, JSON.stringify(restart.body)).toBe(200);
    aliceJob = String(restart.data.jobid);
    for (const [s, j] of [[admin, adminJob], [eng, engJob], [alice, aliceJob]] as const) await t.waitForJob(s, j);
  });
  afterAll(() => t.close());

  it('queryAsyncJobResult answers the finished job with its fields and result', async () => {
    const r = await alice.call('queryAsyncJobResult', { jobid: aliceJob });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['queryasyncjobresultresponse']);
    const j = r.data as unknown as Job;
    expect(j).toMatchObject({ jobid: aliceJob, userid: alice.userid, jobstatus: 1, jobresultcode: 0, jobinstancetype: 'Network' });
    expect(j.cmd).toMatch(/RestartNetworkCmd$/);
    expect(j.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);
    expect(j.completed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);
    // RestartNetworkCmd answers a SuccessResponse.
    expect(j.jobresult).toEqual({ success: true });
  });

  it('a job is its owner’s: other users get 531, admins see the jobs of accounts they administer', async () => {
    expectError(await bob.call('queryAsyncJobResult', { jobid: aliceJob }), 531);
    expectError(await carol.call('queryAsyncJobResult', { jobid: aliceJob }), 531);
    expectError(await alice.call('queryAsyncJobResult', { jobid: engJob }), 531);
    expectError(await eng.call('queryAsyncJobResult', { jobid: adminJob }), 531);
    expect((await eng.call('queryAsyncJobResult', { jobid: aliceJob })).status).toBe(200);
    expect((await admin.call('queryAsyncJobResult', { jobid: engJob })).status).toBe(200);
    expect((await admin.call('queryAsyncJobResult', { jobid: aliceJob })).status).toBe(200);
  });

  it('queryAsyncJobResult: bad input answers 431 naming jobid', async () => {
    expectError(await admin.call('queryAsyncJobResult'), 431, /jobid/);
    expectError(await admin.call('queryAsyncJobResult', { jobid: '42' }), 431, /jobid/);
    expectError(await admin.call('queryAsyncJobResult', { jobid: NO_SUCH_ID }), 431, /job/);
  });

  it('listAsyncJobs lists the caller’s own jobs; listall widens to the subtree for admins only', async () => {
    // The simulator's periodic services are off in tests (startTestServer), so no background job is anyone's here.
    const mine = expectList<Job>(await alice.call('listAsyncJobs'), 'asyncjobs');
    expect(mine.items.map((j) => j.jobid)).toEqual([aliceJob]);
    expect(expectList<Job>(await alice.call('listAsyncJobs', { listall: true }), 'asyncjobs').items.map((j) => j.jobid)).toEqual([aliceJob]);
    expect((await bob.call('listAsyncJobs', { listall: true })).body).toEqual({ listasyncjobsresponse: {} });
    const engOwn = expectList<Job>(await eng.call('listAsyncJobs'), 'asyncjobs');
    expect(engOwn.items.map((j) => j.jobid)).toEqual([engJob]);
    const engAll = expectList<Job>(await eng.call('listAsyncJobs', { listall: true }), 'asyncjobs');
    expect(engAll.items.map((j) => j.jobid).sort()).toEqual([aliceJob, engJob].sort());
    const rootAll = expectList<Job>(await admin.call('listAsyncJobs', { listall: true }), 'asyncjobs');
    expect(rootAll.items.map((j) => j.jobid)).toEqual(expect.arrayContaining([adminJob, engJob, aliceJob]));
    expect(expectList<Job>(await admin.call('listAsyncJobs'), 'asyncjobs').items.map((j) => j.jobid)).toEqual([adminJob]);
  });

  it('listAsyncJobs lists the newest first and filters by startdate', async () => {
    const all = expectList<Job>(await admin.call('listAsyncJobs', { listall: true }), 'asyncjobs').items;
    const created = all.map((j) => j.created);
    expect([...created].sort().reverse()).toEqual(created);
    const future = await admin.call('listAsyncJobs', { listall: true, startdate: '2999-01-01T00:00:00+0000' });
    expect(future.body).toEqual({ listasyncjobsresponse: {} });
    const past = expectList<Job>(await admin.call('listAsyncJobs', { listall: true, startdate: '2000-01-01T00:00:00+0000' }), 'asyncjobs');
    expect(past.count).toBe(all.length);
    // A DATE parameter is read as ParamProcessWorker does: "Unable to parse date ..." (it names no parameter).
    expectError(await admin.call('listAsyncJobs', { startdate: 'last week' }), 431, /Unable to parse date last week for command listasyncjobs/);
  });

  it('listAsyncJobs: bad input and domains out of reach', async () => {
    expectError(await admin.call('listAsyncJobs', { domainid: 'x' }), 431, /domainid/);
    // A BOOLEAN is Boolean.valueOf: anything but "true" is false, never an error.
    expect((await admin.call('listAsyncJobs', { listall: 'please' })).status).toBe(200);
    const domains = expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items;
    expectError(await eng.call('listAsyncJobs', { domainid: domains.find((d) => d.path === 'ROOT/Sales')!.id }), 531);
  });

  it('listAsyncJobs pages', async () => {
    const routers = expectList<Router>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items
      .filter((r) => !r.requiresupgrade).slice(0, 6);
    for (const r of routers) {
      const res = await admin.call('rebootRouter', { id: r.id, forced: true });
      if (res.status === 200) await t.waitForJob(admin, String(res.data.jobid));
    }
    await checkPaging(admin, 'listAsyncJobs', 'asyncjobs', { listall: true }, 3);
  });
});

describe('a failing job', () => {
  it('ends with jobstatus 2, the error code and text in jobresult', async () => {
    const t = await startTestServer({ routers: 30, failRouters: ['r-*'] });
    try {
      const admin = await t.login();
      const routers = expectList<Router & { name: string }>(await admin.call('listRouters', { listall: true }), 'router').items;
      const old = routers.find((r) => r.requiresupgrade && r.state === 'Running')!;
      const up = await admin.call('upgradeRouterTemplate', { id: old.id });
      const jobid = (up.data.asyncjobs as { jobid: string }[])[0]!.jobid;
      const j = (await t.waitForJob(admin, jobid)) as unknown as Job;
      expect(j.jobstatus).toBe(2);
      expect(j.jobresultcode).toBe(530);
      expect(j.jobresult).toMatchObject({ errorcode: 530, errortext: expect.stringContaining(old.name) });
    } finally {
      await t.close();
    }
  });
});
