import { describe, expect, it } from 'vitest';
import { killableSimulator } from '../testing/restart';

async function session(url: string) {
  const api = `${url}client/api`;
  const login = await fetch(api, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ command: 'login', username: 'admin', password: 'password', domain: '/', response: 'json' }),
  });
  const cookie = /JSESSIONID=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const { loginresponse } = (await login.json()) as { loginresponse: { sessionkey: string } };
  return async (command: string, params: Record<string, string> = {}) => {
    const r = await fetch(api, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ command, response: 'json', sessionkey: loginresponse.sessionkey, ...params }),
    });
    return ((await r.json()) as Record<string, Record<string, unknown>>)[`${command.toLowerCase()}response`]!;
  };
}

interface RouterLite { id: string; name: string; state: string; version: string; requiresupgrade: boolean; templateid: string; zoneid: string }
interface JobLite { jobid: string; jobstatus: number; jobinstanceid: string; jobresult?: { errortext?: string } }

describe('a restart in the middle of an upgrade of 1,000 routers', () => {
  const sim = killableSimulator('sim-restart');

  it('ends every job, loses no router and leaves none half upgraded', { timeout: 240_000 }, async () => {
    const args = ['--routers', '1000', '--speed', '10', '--upgrade-parallel', '40', '--fail-routers', 'r-*5-VM'];
    let proc = await sim.start(args, { SIM_QUIET: '1' });
    let call = await session(proc.url);
    const before = (await call('listRouters', { listall: 'true', pagesize: '-1' })).router as RouterLite[];
    expect(before).toHaveLength(1000);
    // upgradeRouterTemplate takes the Running outdated routers of a zone; every zone, one call each.
    const stale = before.filter((r) => r.requiresupgrade && r.state === 'Running');
    expect(stale.length).toBeGreaterThan(200);

    const jobIds: string[] = [];
    for (const zoneid of [...new Set(before.map((r) => r.zoneid))]) {
      const started = await call('upgradeRouterTemplate', { zoneid });
      jobIds.push(...((started.asyncjobs as { jobid: string }[] | undefined) ?? []).map((j) => j.jobid));
    }
    expect(jobIds).toHaveLength(stale.length);

    // Kill the process without warning once part of the work is done and part is still to do.
    for (;;) {
      const jobs = (await call('listAsyncJobs', { listall: 'true', pagesize: '-1' })).asyncjobs as JobLite[];
      const finished = jobs.filter((j) => j.jobstatus !== 0).length;
      if (finished >= jobIds.length / 3) {
        expect(finished, 'the kill must come while jobs are still pending').toBeLessThan(jobIds.length);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await sim.kill()).toBe('SIGKILL');

    proc = await sim.start(args, { SIM_QUIET: '1' });
    call = await session(proc.url);
    // Interrupted routers are seen mid-operation, and then every job ends on its own.
    let jobs: JobLite[] = [];
    const deadline = Date.now() + 180_000;
    for (;;) {
      jobs = ((await call('listAsyncJobs', { listall: 'true', pagesize: '-1' })).asyncjobs as JobLite[]).filter((j) => jobIds.includes(j.jobid));
      if (jobs.every((j) => j.jobstatus !== 0)) break;
      expect(Date.now(), 'jobs still pending after the restart').toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(jobs).toHaveLength(jobIds.length);

    const after = (await call('listRouters', { listall: 'true', pagesize: '-1' })).router as RouterLite[];
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    const byId = new Map(after.map((r) => [r.id, r]));
    const failed = jobs.filter((j) => j.jobstatus === 2);
    for (const j of jobs) {
      const r = byId.get(j.jobinstanceid)!;
      const old = before.find((b) => b.id === r.id)!;
      // Never half upgraded: either on the new version, or still on its old version and template.
      expect(['Running', 'Stopped']).toContain(r.state);
      if (j.jobstatus === 1) expect(r.requiresupgrade, `${r.name} succeeded but still requires an upgrade`).toBe(false);
      else {
        expect(j.jobresult?.errortext, `${r.name} failed without a reason`).toBeTruthy();
        expect(r.version).toBe(old.version);
        expect(r.templateid).toBe(old.templateid);
        expect(r.state).toBe(old.state);
      }
    }
    // The injected faults are the only failures.
    expect(failed.length).toBeGreaterThan(0);
    for (const j of failed) expect(byId.get(j.jobinstanceid)!.name).toMatch(/^r-\d*5-VM$/);
    // Nothing is stuck in a transitional state.
    expect(after.filter((r) => !['Running', 'Stopped'].includes(r.state))).toEqual([]);
  });
});
