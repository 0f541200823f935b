import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';

describe('upgradeRouterTemplate', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 80, upgradeParallel: 4 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('upgrades every router of a pod that requires it, in one call', async () => {
    const pods = await admin.call('listPods');
    const podid = (pods.data.pod as { id: string }[])[0]!.id;
    const before = await admin.call('listRouters', { listall: true, podid, pagesize: 500 });
    const stale = (before.data.router as { requiresupgrade: boolean }[]).filter((r) => r.requiresupgrade).length;
    expect(stale).toBeGreaterThan(0);
    const r = await admin.call('upgradeRouterTemplate', { podid });
    expect(r.status).toBe(200);
    const jobs = r.data.asyncjobs as { jobid: string }[];
    expect(r.data.count).toBe(stale);
    for (const j of jobs) {
      const res = await t.waitForJob(admin, j.jobid);
      expect(res.jobstatus).toBe(1);
    }
    const after = await admin.call('listRouters', { listall: true, podid, pagesize: 500 });
    expect((after.data.router as { requiresupgrade: boolean }[]).filter((x) => x.requiresupgrade)).toHaveLength(0);
  });
});
