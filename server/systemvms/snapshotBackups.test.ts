import { describe, expect, it } from 'vitest';
import { backgroundOf } from '../monitoring/background';
import { startTestServer } from '../testing/harness';
import { startRestartableServer } from '../testing/restart';
import type { Simulator } from '../api/context';
import { snapshotSize } from './snapshotBackups';

const GIB = 1024 * 1024 * 1024;
const taskOf = (sim: Simulator, id: string) =>
  sim.db.prepare('SELECT * FROM ssvm_tasks WHERE id = ?').get(id) as { kind: string; state: string; percent: number; bytes: number; total: number; jobid: string; vmid: string; ssvmid: string; zoneid: string };

describe('snapshot backups through the secondary storage VM', () => {
  it('sizes are deterministic, 1 to 16 GiB', () => {
    expect(snapshotSize('vm-a', 0)).toBe(snapshotSize('vm-a', 0));
    for (let i = 0; i < 50; i++) {
      const s = snapshotSize('vm-b', i);
      expect(s % GIB).toBe(0);
      expect(s / GIB).toBeGreaterThanOrEqual(1);
      expect(s / GIB).toBeLessThanOrEqual(16);
    }
  });

  it('a backup runs to completion with rising progress, seen through listAsyncJobs; VMs take turns', async () => {
    const t = await startTestServer({ speed: 5 });
    try {
      const sim = t.server.running.sim;
      const bg = backgroundOf(sim)!;
      const admin = await t.login('admin');
      // Every step of the backup is seen: the test runs them one by one.
      t.pauseJobs();
      const id = bg.snapshots.tick()!;
      expect(id).toBeDefined();
      const task = taskOf(sim, id);
      expect(task.kind).toBe('snapshot');
      const ssvm = sim.db.prepare('SELECT zoneid, systemvmtype, state FROM systemvms WHERE id = ?').get(task.ssvmid) as { zoneid: string; systemvmtype: string; state: string };
      expect(ssvm).toEqual({ zoneid: task.zoneid, systemvmtype: 'secondarystoragevm', state: 'Running' });
      sim.db.prepare('UPDATE ssvm_tasks SET total = ? WHERE id = ?').run(2 * GIB, id);
      // The scaler's load query counts it while it runs.
      expect((sim.db.prepare(`SELECT COUNT(*) AS n FROM ssvm_tasks WHERE ssvmid = ? AND state IN ('Queued', 'Downloading')`).get(task.ssvmid) as { n: number }).n).toBeGreaterThan(0);

      const seen: number[] = [];
      for (;;) {
        const r = await admin.call('queryAsyncJobResult', { jobid: task.jobid });
        const j = r.data as { jobstatus: number; jobprocstatus: number; jobinstancetype: string; jobinstanceid: string };
        expect(j.jobinstancetype).toBe('VirtualMachine');
        expect(j.jobinstanceid).toBe(task.vmid);
        if (j.jobstatus !== 0) {
          expect(j.jobstatus).toBe(1);
          break;
        }
        const row = taskOf(sim, id);
        expect(row.percent).toBeGreaterThanOrEqual(j.jobprocstatus);
        seen.push(j.jobprocstatus);
        expect(t.stepJobs()).toBeGreaterThan(0);
      }
      expect(seen.length).toBeGreaterThan(50);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
      expect(new Set(seen.filter((p) => p > 0 && p < 100)).size).toBeGreaterThan(1);
      const done = taskOf(sim, id);
      expect(done).toMatchObject({ state: 'Completed', percent: 100, bytes: 2 * GIB });
      const ev = sim.db.prepare(`SELECT description FROM events WHERE type = 'SNAPSHOT.CREATE' AND resourceid = ?`).all(task.vmid) as { description: string }[];
      expect(ev.some((e) => /Backed up a 2 GiB volume snapshot/.test(e.description))).toBe(true);

      const next = bg.snapshots.tick()!;
      expect(taskOf(sim, next).vmid).not.toBe(task.vmid);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('a backup in progress survives a restart of the simulator and finishes from where it was', async () => {
    const r = await startRestartableServer({ speed: 4 });
    try {
      let sim = r.current().server.running.sim;
      const id = backgroundOf(sim)!.snapshots.tick()!;
      sim.db.prepare('UPDATE ssvm_tasks SET total = ? WHERE id = ?').run(4 * GIB, id);
      while (taskOf(sim, id).percent < 5) await new Promise((res) => setTimeout(res, 20));
      await r.stop();
      const t = await r.restart();
      sim = t.server.running.sim;
      const before = taskOf(sim, id);
      expect(before.state).toBe('Downloading');
      expect(before.percent).toBeGreaterThanOrEqual(5);
      expect(before.percent).toBeLessThan(100);
      const admin = await t.login('admin');
      const job = await t.waitForJob(admin, before.jobid, 60_000);
      expect(job.jobstatus).toBe(1);
      expect(taskOf(sim, id)).toMatchObject({ state: 'Completed', percent: 100, bytes: 4 * GIB });
    } finally {
      await r.close();
    }
  }, 90_000);
});

