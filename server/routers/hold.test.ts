import { describe, expect, it } from 'vitest';
import { expectList } from '../testing/expect';
import { startRestartableServer } from '../testing/restart';
import { matchesNamePattern } from './hold';

interface Router { id: string; name: string; state: string }

describe('--hold-routers (a router operation half way, for tests)', () => {
  it('patterns: a name, or * for any run of characters', () => {
    expect(matchesNamePattern(['r-12-VM'], 'r-12-VM')).toBe(true);
    expect(matchesNamePattern(['r-12-VM'], 'r-123-VM')).toBe(false);
    expect(matchesNamePattern(['r-1*-VM'], 'r-123-VM')).toBe(true);
    expect(matchesNamePattern(['r-*3-VM', 'x'], 'r-123-VM')).toBe(true);
    expect(matchesNamePattern(['r.*'], 'r-1-VM')).toBe(false);
    expect(matchesNamePattern([], 'r-1-VM')).toBe(false);
  });

  it('a held router job stops after its first step; the others finish; a restart without the flag finishes it', async () => {
    const sim = await startRestartableServer({ routers: 20 });
    try {
      let t = sim.current();
      let admin = await t.login();
      const running = expectList<Router>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items;
      expect(running.length).toBeGreaterThan(2);
      const [held, free] = running as [Router, Router];
      t = await sim.restart({ holdRouters: [held.name] });
      admin = await t.login();
      const jobOf = async (r: Router) => String((await admin.call('rebootRouter', { id: r.id })).data.jobid);
      const heldJob = await jobOf(held);
      const freeJob = await jobOf(free);
      expect((await t.waitForJob(admin, freeJob)).jobstatus).toBe(1);
      // The held job ran its first step (the router is stopping) and goes no further, however long one waits:
      // the test steps the paused runner itself, many times.
      t.pauseJobs();
      for (let i = 0; i < 20; i++) t.stepJobs();
      expect((await admin.call('queryAsyncJobResult', { jobid: heldJob })).data.jobstatus).toBe(0);
      const state = async () => expectList<Router>(await admin.call('listRouters', { listall: true, id: held.id }), 'router').items[0]!.state;
      expect(await state()).toBe('Stopping');

      t = await sim.restart({ holdRouters: [] });
      admin = await t.login();
      expect((await t.waitForJob(admin, heldJob, 60_000)).jobstatus).toBe(1);
      expect(await state()).toBe('Running');
    } finally {
      await sim.close();
    }
  }, 120_000);
});
