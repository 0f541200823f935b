/**
 * SIGKILL in the middle of a wave: the serving process is killed while upgrades run; started again on the
 * same database, the runner reconciles with listAsyncJobs and listRouters and finishes the plan, and every
 * router of the plan was upgraded by exactly one job (nothing lost, nothing repeated).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killableSimulator } from '../testing/restart';
import type { PlanDetail } from '../../src/api/plans';
import { loginAt, plansClient, waitFor } from './testing';

interface RouterLite { id: string; name: string; state: string; requiresupgrade: boolean; isredundantrouter: boolean; jobid?: string }
interface JobLite { jobid: string; cmd: string; jobinstanceid?: string; jobstatus: number }

const sim = killableSimulator('plans-kill');

describe('plans survive a SIGKILL', () => {
  it('finishes the plan after a restart with one upgrade job per router', async () => {
    const args = ['--routers', '60', '--speed', '4', '--upgrade-parallel', '10'];
    let proc = await sim.start(args, { SIM_QUIET: '1', PLANS_SECRET_KEY: '' });
    let admin = await loginAt(proc.url);
    const fleet = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
    const rs = fleet.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid).slice(0, 8);
    expect(rs).toHaveLength(8);
    let api = plansClient(proc.url, admin);
    const created = await api<PlanDetail>('POST', '', { name: 'killed', parallel: 2, start: true, registerkeys: true,
      waves: [{ name: 'a', routerids: rs.slice(0, 4).map((r) => r.id) }, { name: 'b', routerids: rs.slice(4).map((r) => r.id) }] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // The key file that seals the secret key is private to its owner.
    expect(statSync(join(sim.dir, 'plans.key')).mode & 0o777).toBe(0o600);

    await waitFor('a router done and others still to go', async () => {
      const p = (await api<PlanDetail>('GET', `/${id}`)).body;
      return p.routers.some((r) => r.state === 'done') && p.routers.some((r) => r.state === 'upgrading') && p.routers.filter((r) => r.state === 'pending').length >= 2;
    }, 120_000);
    expect(await sim.kill()).toBe('SIGKILL');

    proc = await sim.start(args, { SIM_QUIET: '1', PLANS_SECRET_KEY: '' });
    admin = await loginAt(proc.url);
    api = plansClient(proc.url, admin);
    let last: PlanDetail | undefined;
    const done = await waitFor('the plan to finish after the restart', async () => {
      last = (await api<PlanDetail>('GET', `/${id}`)).body;
      return last.state === 'finished' ? last : undefined;
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify({ state: last?.state, routers: last?.routers.map((r) => [r.name, r.state]), events: last?.events.slice(-10) })}`);
    });
    expect(done.routers.map((r) => r.state)).toEqual(Array(8).fill('done'));
    const jobs = (await admin.call('listAsyncJobs', { listall: true, pagesize: -1 })).asyncjobs as JobLite[];
    for (const r of rs) {
      const mine = jobs.filter((j) => j.jobinstanceid === r.id && /RebootRouterCmd|UpgradeRouterTemplateCmd/.test(j.cmd));
      expect(mine, `${r.name} upgrade jobs`).toHaveLength(1);
    }
    const live = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
    for (const r of rs) expect(live.find((x) => x.id === r.id)!.requiresupgrade).toBe(false);
  }, 400_000);
});
