import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { ROUTER_PHASE_MS } from '../routers/jobs';

/**
 * The job runner's clock: a job's simulated waits count from when each step was due (a late process does not
 * stretch a router's reboot step by step), and the runner sleeps until the earliest due step instead of
 * polling. The runner is driven by hand here (stopped, then ticked), so nothing races the test.
 */
interface Router { id: string; state: string }

describe('the job runner schedule', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    // Speed 1: a router stops in 1.2 s and starts in 1.8 s of wall-clock time.
    t = await startTestServer({ routers: 20, speed: 1 });
    admin = await t.login();
  });
  afterAll(() => t.close());

  const sim = () => t.server.running.sim;
  const nextAt = (id: string) => sim().db.prepare('SELECT next_at FROM jobs WHERE id = ?').pluck().get(id) as number;
  const step = (id: string) => sim().db.prepare('SELECT step FROM jobs WHERE id = ?').pluck().get(id) as number;

  async function rebootJob(): Promise<string> {
    const running = expectList<Router>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items;
    const free = running.find((r) => !sim().db.prepare('SELECT 1 FROM jobs WHERE instanceid = ? AND status = 0').get(r.id))!;
    const r = await admin.call('rebootRouter', { id: free.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return String(r.data.jobid);
  }

  it('a step that runs late keeps the job on its own clock: the next step is due a full wait after this one was due', async () => {
    sim().jobs.stop();
    try {
      const id = await rebootJob();
      sim().jobs.tick();
      expect(step(id)).toBe(1);
      // The stop step ran; make it half a start late, then run it (no await in between: the same instant).
      const late = Date.now() - ROUTER_PHASE_MS.start / 2;
      sim().db.prepare('UPDATE jobs SET next_at = ? WHERE id = ?').run(late, id);
      sim().jobs.tick();
      expect(step(id)).toBe(2);
      expect(nextAt(id)).toBe(late + sim().jobs.duration(ROUTER_PHASE_MS.start));
    } finally {
      sim().jobs.start();
    }
  });

  it('a step overdue by more than its wait (after a restart) goes on from now, never due in the past', async () => {
    sim().jobs.stop();
    try {
      const id = await rebootJob();
      sim().jobs.tick();
      sim().db.prepare('UPDATE jobs SET next_at = ? WHERE id = ?').run(Date.now() - 60_000, id);
      const before = Date.now();
      sim().jobs.tick();
      expect(step(id)).toBe(2);
      expect(nextAt(id)).toBeGreaterThanOrEqual(before);
    } finally {
      sim().jobs.start();
    }
  });

  it('the runner sleeps until the earliest due step, not on a polling interval', async () => {
    sim().jobs.stop();
    const id = await rebootJob();
    sim().jobs.tick();
    expect(step(id)).toBe(1);
    sim().jobs.start();
    const earliest = () => sim().db.prepare('SELECT MIN(next_at) FROM jobs WHERE status = 0 AND started = 1').pluck().get() as number | null;
    // After start() has run what was due, the timer is set for the earliest pending step.
    await expect.poll(() => sim().jobs.scheduledAt !== undefined && sim().jobs.scheduledAt === earliest(), { timeout: 30_000 }).toBe(true);
    // And once nothing is pending, no timer is left running.
    await t.waitForJob(admin, id, 60_000);
    for (const j of sim().db.prepare('SELECT id FROM jobs WHERE status = 0').pluck().all() as string[]) await t.waitForJob(admin, j, 60_000);
    await expect.poll(() => sim().jobs.scheduledAt, { timeout: 30_000 }).toBeUndefined();
  });
});

describe('the router upgrade queue on the simulated clock', () => {
  it('a freed slot starts the next router when the finished reboot was due, in the same tick', async () => {
    const t = await startTestServer({ routers: 60, speed: 1, upgradeParallel: 1 });
    try {
      const admin = await t.login();
      const sim = t.server.running.sim;
      sim.jobs.stop();
      const routers = expectList<{ zoneid: string; requiresupgrade: boolean; state: string }>(
        await admin.call('listRouters', { listall: true, pagesize: -1 }), 'router').items;
      const zone = routers.find((r) => r.requiresupgrade && r.state === 'Running')!.zoneid;
      const up = await admin.call('upgradeRouterTemplate', { zoneid: zone });
      const [first, second] = (up.data.asyncjobs as { jobid: string }[]).map((j) => j.jobid);
      expect(second, 'two reboots queued').toBeDefined();
      const job = (id: string) => sim.db.prepare('SELECT step, started, status, next_at FROM jobs WHERE id = ?').get(id) as
        { step: number; started: number; status: number; next_at: number };
      // Stop, then start the first router (each step as soon as it can run: the test moves the clock).
      sim.jobs.tick();
      sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE id = ?').run(first);
      sim.jobs.tick();
      expect(job(first!)).toMatchObject({ step: 2, status: 0 });
      expect(job(second!).started).toBe(0);
      // The reboot's last step is due a third of a stop ago; this tick finishes it and starts the next one.
      const due = Date.now() - ROUTER_PHASE_MS.stop / 3;
      sim.db.prepare('UPDATE jobs SET next_at = ? WHERE id = ?').run(due, first);
      sim.jobs.tick();
      expect(job(first!).status).toBe(1);
      expect(job(second!)).toMatchObject({ started: 1, step: 1, next_at: due + sim.jobs.duration(ROUTER_PHASE_MS.stop) });
    } finally {
      await t.close();
    }
  });
});
