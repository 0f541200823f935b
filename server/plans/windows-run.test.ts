/**
 * Window boundaries with the runner's injected clock: nothing starts outside the plan's window; a wave
 * whose estimate does not fit in what is left of the window waits for the next opening; a router waits for
 * its account's own window; what is upgrading when a window closes finishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../main-lib';
import type { PlanDetail } from '../../src/api/plans';
import { loginAt, plansClient, waitFor } from './testing';

interface RouterLite { id: string; name: string; state: string; requiresupgrade: boolean; isredundantrouter: boolean; jobid?: string; account: string; domainid: string }

let server: StartedServer;
let clock = Date.parse('2026-06-01T10:00:00Z'); // a Monday
let api: ReturnType<typeof plansClient>;
let fleet: RouterLite[];
let admin: Awaited<ReturnType<typeof loginAt>>;

beforeAll(async () => {
  server = await startServer({ port: 0, options: { database: ':memory:', routers: 60, speed: 50 }, plans: { now: () => clock, intervalMs: 60_000 } });
  await server.plans.runner.stop();
  admin = await loginAt(server.url);
  api = plansClient(server.url, admin);
  fleet = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
}, 60_000);
afterAll(async () => server?.close());

const plan = async (id: string) => (await api<PlanDetail>('GET', `/${id}`)).body;

describe('plan windows with an injected clock', { timeout: 60_000 }, () => {
  it('waits outside the window, starts at its opening, lets a started upgrade finish after it closes', async () => {
    const singles = fleet.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid);
    const rs = singles.slice(0, 3);
    // Another account's router, whose own window is on Tuesdays only.
    const other = singles.find((r) => r.account !== rs[0]!.account && !rs.some((x) => x.account === r.account))!;
    const windows = [{ days: ['mon'], start: '22:00', minutes: 1, timezone: 'Europe/Berlin' }];
    const created = await api<PlanDetail>('POST', '', {
      name: 'nightly', parallel: 1, start: true, registerkeys: true, windows,
      ownerwindows: [{ domainid: other.domainid, account: other.account, windows: [{ days: ['tue'], start: '00:00', minutes: 1440, timezone: 'UTC' }] }],
      waves: [{ name: 'one', routerids: [...rs.map((r) => r.id), other.id] }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const runner = server.plans.runner;

    await runner.tick();
    let p = await plan(id);
    expect(p.state).toBe('running');
    expect(p.waiting).toBe("outside the plan's windows");
    // Monday 22:00 in Berlin (CEST, +02:00) is 20:00 UTC.
    expect(p.nextwindow).toBe(Date.parse('2026-06-01T20:00:00Z'));
    expect(p.routers.every((r) => r.state === 'pending')).toBe(true);
    // The timeline: the wave is projected into that opening, which is among the openings shown.
    expect(p.waves[0]!.projectedstart).toBe(Date.parse('2026-06-01T20:00:00Z'));
    expect(p.openings).toContainEqual({ start: Date.parse('2026-06-01T20:00:00Z'), end: Date.parse('2026-06-01T20:01:00Z') });

    // 10 ms before the one-minute window closes: the wave's estimate does not fit; it waits a week.
    clock = Date.parse('2026-06-01T20:00:59.990Z');
    await runner.tick();
    p = await plan(id);
    expect(p.routers.every((r) => r.state === 'pending')).toBe(true);
    expect(p.waiting).toContain('more than is left of the window');
    expect(p.nextwindow).toBe(Date.parse('2026-06-08T20:00:00Z'));

    // At the next opening the wave starts: one router at a time.
    clock = Date.parse('2026-06-08T20:00:00Z');
    await runner.tick();
    p = await plan(id);
    expect(p.routers.map((r) => r.state)).toEqual(['upgrading', 'pending', 'pending', 'pending']);
    // The window closes while it upgrades: it finishes, nothing else starts.
    clock = Date.parse('2026-06-08T20:30:00Z');
    await waitFor('the job to end', async () => (await admin.call('queryAsyncJobResult', { jobid: p.routers[0]!.jobid! })).jobstatus !== 0);
    await runner.tick();
    p = await plan(id);
    expect(p.routers.map((r) => r.state)).toEqual(['done', 'pending', 'pending', 'pending']);
    expect(p.nextwindow).toBe(Date.parse('2026-06-15T20:00:00Z'));

    // Next Monday's window: the first account's routers go; the other account waits for its Tuesday.
    clock = Date.parse('2026-06-15T20:00:00Z');
    for (let i = 0; i < 2; i++) {
      await runner.tick();
      p = await plan(id);
      const up = p.routers.find((r) => r.state === 'upgrading');
      if (up) await waitFor('the job to end', async () => (await admin.call('queryAsyncJobResult', { jobid: up.jobid! })).jobstatus !== 0);
    }
    await runner.tick();
    p = await plan(id);
    expect(p.routers.map((r) => r.state)).toEqual(['done', 'done', 'done', 'pending']);
    expect(p.routers[3]!.waiting).toBe(`outside the window of ${other.account}`);
    expect(p.state).toBe('running');
  });
});
