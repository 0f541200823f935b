/**
 * The runner against the simulator through the plan API: canary failure pauses, retry and skip, the failure
 * budget, redundant pairs BACKUP first, pause and cancel, health gates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import type { Draft, PlanDetail, PlanRouter } from '../../src/api/plans';
import { plansClient, waitFor } from './testing';

interface RouterLite {
  id: string; name: string; state: string; requiresupgrade: boolean; podid: string; zoneid: string; jobid?: string; account: string;
  isredundantrouter: boolean; redundantstate: string; guestnetworkid?: string; vpcid?: string;
}

let t: TestServer;
let admin: Session;
let api: ReturnType<typeof plansClient>;
let fleet: RouterLite[];
const used = new Set<string>();

beforeAll(async () => {
  t = await startTestServer({ routers: 120, speed: 50 });
  admin = await t.login();
  api = plansClient(t.url, admin);
  fleet = (await admin.call('listRouters', { listall: true, pagesize: -1 })).data.router as RouterLite[];
}, 60_000);
afterAll(async () => t?.close());

/** `n` outdated, Running single routers no other test took. */
function take(n: number): RouterLite[] {
  const out = fleet.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid && !used.has(r.id)).slice(0, n);
  if (out.length < n) throw new Error('not enough routers in the demo cloud');
  for (const r of out) used.add(r.id);
  return out;
}
const failOn = (...names: string[]) => {
  t.server.running.sim.options.failRouters = names;
};
const plan = async (id: string) => (await api<PlanDetail>('GET', `/${id}`)).body;
async function until(id: string, what: string, ok: (p: PlanDetail) => boolean): Promise<PlanDetail> {
  let last: PlanDetail | undefined;
  try {
    return await waitFor(what, async () => {
      last = await plan(id);
      return ok(last) ? last : undefined;
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; the plan: ${JSON.stringify({ ...last, routers: last?.routers.map((r) => [r.name, r.state, r.waiting]), events: last?.events.slice(-8).map((e) => e.text) })}`);
  }
}
async function create(body: Record<string, unknown>): Promise<PlanDetail> {
  const r = await api<PlanDetail>('POST', '', { registerkeys: true, start: true, ...body });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body;
}
const byId = (p: PlanDetail) => new Map<string, PlanRouter>(p.routers.map((r) => [r.id, r]));

describe('plan runner', { timeout: 90_000 }, () => {
  it('pauses when a canary router fails and starts nothing else; retry, skip, resume, finish', async () => {
    const [c1, c2, ...rest] = take(6);
    failOn(c1!.name);
    const p = await create({
      name: 'canary', parallel: 2, failurebudget: 5, healthgate: true, soakminutes: 0,
      waves: [{ name: 'Canary', canary: true, routerids: [c1!.id, c2!.id] }, { name: 'rest', routerids: rest.map((r) => r.id) }],
    });
    let now = await until(p.id, 'the canary pause', (x) => x.state === 'paused');
    expect(now.pausereason).toContain(`Canary router ${c1!.name} failed`);
    expect(now.pausereason).toContain('fault injected');
    expect(now.routers.filter((r) => r.wave === 1).every((r) => r.state === 'pending')).toBe(true);
    expect(byId(now).get(c1!.id)!.state).toBe('failed');

    // Retry while the fault is still there: after resume it fails again and pauses again.
    expect((await api('POST', `/${p.id}/retry`, { routerids: [c1!.id] })).status).toBe(202);
    await until(p.id, 'the retried router pending', (x) => byId(x).get(c1!.id)!.state === 'pending');
    expect((await api('POST', `/${p.id}/resume`)).status).toBe(202);
    const pauses = (x: PlanDetail) => x.events.filter((e) => e.text.startsWith('Paused: Canary')).length;
    now = await until(p.id, 'the second canary pause', (x) => x.state === 'paused' && pauses(x) === 2);
    // The fault is repaired: retry succeeds; resume; the plan finishes.
    failOn();
    expect((await api('POST', `/${p.id}/retry`, {})).status).toBe(202);
    await until(p.id, 'the retried router pending', (x) => byId(x).get(c1!.id)!.state !== 'failed');
    expect((await api('POST', `/${p.id}/resume`)).status).toBe(202);
    now = await until(p.id, 'the plan to finish', (x) => x.state === 'finished');
    expect(now.routers.every((r) => r.state === 'done')).toBe(true);
    const live = (await admin.call('listRouters', { listall: true, pagesize: -1 })).data.router as RouterLite[];
    for (const r of [c1!, c2!, ...rest]) expect(live.find((x) => x.id === r.id)!.requiresupgrade).toBe(false);
    expect(now.events.map((e) => e.text)).toContainEqual(expect.stringContaining('Canary health gate passed'));
  });

  it('skips a failed router and counts failures against the budget', async () => {
    const rs = take(5);
    failOn(rs[1]!.name, rs[3]!.name);
    const p = await create({ name: 'budget 1', parallel: 1, failurebudget: 1, waves: [{ name: 'one', routerids: rs.map((r) => r.id) }] });
    let now = await until(p.id, 'the budget pause', (x) => x.state === 'paused');
    expect(now.pausereason).toBe('2 routers failed, more than the failure budget of 1');
    expect(now.routers.filter((r) => r.state === 'failed').map((r) => r.id)).toEqual([rs[1]!.id, rs[3]!.id]);
    // Skip one: resume goes on; the other stays failed.
    expect((await api('POST', `/${p.id}/skip`, { routerids: [rs[1]!.id] })).status).toBe(202);
    expect((await api('POST', `/${p.id}/resume`)).status).toBe(202);
    now = await until(p.id, 'the plan to finish', (x) => x.state === 'finished');
    expect(now.routers.map((r) => r.state)).toEqual(['done', 'skipped', 'done', 'failed', 'done']);
    failOn();
  });

  it('upgrades a redundant pair BACKUP first, the PRIMARY only after the BACKUP is back, never both at once', async () => {
    const pairs = new Map<string, RouterLite[]>();
    for (const r of fleet.filter((x) => x.isredundantrouter && x.requiresupgrade && x.state === 'Running' && !x.jobid)) {
      const k = r.vpcid ?? r.guestnetworkid!;
      pairs.set(k, [...(pairs.get(k) ?? []), r]);
    }
    const chosen = [...pairs.values()].filter((p) => p.length === 2).slice(0, 2);
    expect(chosen.length).toBeGreaterThan(0);
    for (const r of chosen.flat()) used.add(r.id);
    // PRIMARY listed first in the wave, so the order comes from the runner, not the list.
    const ids = chosen.flatMap((p) => [...p].sort((a) => (a.redundantstate === 'PRIMARY' ? -1 : 1))).map((r) => r.id);
    const p = await create({ name: 'pairs', parallel: 4, healthgate: true, waves: [{ name: 'pairs', routerids: ids }] });
    const done = await until(p.id, 'the pairs plan to finish', (x) => x.state === 'finished');
    const got = byId(done);
    for (const pair of chosen) {
      const backup = got.get(pair.find((r) => r.redundantstate === 'BACKUP')!.id)!;
      const primary = got.get(pair.find((r) => r.redundantstate === 'PRIMARY')!.id)!;
      expect(backup.state).toBe('done');
      expect(primary.state).toBe('done');
      expect(primary.started!).toBeGreaterThanOrEqual(backup.finished!);
    }
  });

  it('pauses when the upgraded BACKUP fails its fresh health checks, and does not take the PRIMARY down', async () => {
    const pair = [...fleet.filter((x) => x.isredundantrouter && x.requiresupgrade && x.state === 'Running' && !x.jobid && !used.has(x.id))
      .reduce((m, r) => m.set(r.guestnetworkid ?? r.vpcid!, [...(m.get(r.guestnetworkid ?? r.vpcid!) ?? []), r]), new Map<string, RouterLite[]>()).values()]
      .find((p) => p.length === 2 && !p.some((r) => used.has(r.id)))!;
    for (const r of pair) used.add(r.id);
    const backup = pair.find((r) => r.redundantstate === 'BACKUP')!;
    const primary = pair.find((r) => r.redundantstate === 'PRIMARY')!;
    // The BACKUP's own checks report a failure (as a monitor stores them on the router).
    t.server.running.sim.db.prepare(`UPDATE routers SET data = json_set(data, '$.health', json(?)) WHERE id = ?`).run(
      JSON.stringify({ checks: [{ checkname: 'dns.service', checktype: 'basic', success: false, lastupdated: '2026-01-01T00:00:00+0000', details: 'dnsmasq is not running' }] }), backup.id);
    const p = await create({ name: 'unhealthy pair', parallel: 2, healthgate: true, waves: [{ name: 'pair', routerids: [primary.id, backup.id] }] });
    const now = await until(p.id, 'the health gate pause', (x) => x.state === 'paused');
    expect(now.pausereason).toContain(`${backup.name} failed health checks: dns.service (dnsmasq is not running)`);
    expect(byId(now).get(primary.id)!.state).toBe('pending');
    expect(byId(now).get(backup.id)!.state).toBe('done');
    expect((await api('POST', `/${p.id}/cancel`)).status).toBe(202);
    const cancelled = await until(p.id, 'the cancel', (x) => x.state === 'cancelled');
    expect(byId(cancelled).get(primary.id)!.state).toBe('cancelled');
    const live = (await admin.call('listRouters', { id: primary.id, listall: true })).data.router as RouterLite[];
    expect(live[0]!.requiresupgrade).toBe(true);
  });

  it('pause lets what is upgrading finish and starts nothing more; cancel leaves the rest', async () => {
    const rs = take(6);
    const runner = t.server.plans.runner;
    await runner.stop();
    try {
      const p = await create({ name: 'pause me', parallel: 2, waves: [{ name: 'one', routerids: rs.map((r) => r.id) }] });
      await runner.tick();
      let now = await plan(p.id);
      expect(now.routers.filter((r) => r.state === 'upgrading')).toHaveLength(2);
      expect((await api('POST', `/${p.id}/pause`)).status).toBe(202);
      // A paused plan cannot be paused again (409 naming the state) once the runner applied it.
      await runner.tick();
      expect((await api('POST', `/${p.id}/pause`)).status).toBe(409);
      for (const r of now.routers.filter((x) => x.state === 'upgrading')) await t.waitForJob(admin, r.jobid!);
      await runner.tick();
      now = await plan(p.id);
      expect(now.state).toBe('paused');
      expect(now.routers.map((r) => r.state)).toEqual(['done', 'done', 'pending', 'pending', 'pending', 'pending']);
      await runner.tick();
      expect((await plan(p.id)).routers.filter((r) => r.state !== 'pending')).toHaveLength(2);
      expect((await api('POST', `/${p.id}/cancel`)).status).toBe(202);
      await runner.tick();
      now = await plan(p.id);
      expect(now.state).toBe('cancelled');
      expect(now.routers.map((r) => r.state)).toEqual(['done', 'done', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
      const bad = await api('POST', `/${p.id}/resume`);
      expect(bad.status).toBe(409);
      expect((bad.body as { error: { field: string } }).error.field).toBe('state');
    } finally {
      runner.start();
    }
  });

  it('drafts by pod with a canary and runs the draft', async () => {
    const zoneid = fleet.find((r) => r.requiresupgrade && !used.has(r.id))!.zoneid;
    const d = await api<Draft>('POST', '/draft', { name: 'zone by pod', strategy: 'pod', zoneid, canary: { routers: 1 }, parallel: 4 });
    expect(d.status).toBe(200);
    const waves = d.body.plan.waves.map((w) => ({ ...w, routerids: w.routerids.filter((id) => !used.has(id)) })).filter((w) => w.routerids.length);
    const p = await create({ ...d.body.plan, waves, start: true });
    const done = await until(p.id, 'the draft plan to finish', (x) => x.state === 'finished');
    expect(done.routers.every((r) => r.state === 'done')).toBe(true);
    expect(done.waves.map((w) => w.done)).toEqual(waves.map((w) => w.routerids.length));
  });

  it('reconciles routers marked as starting before it acts: adopts a submitted job, submits a missing one', async () => {
    const [a, b] = take(2);
    const runner = t.server.plans.runner;
    const store = t.server.plans.store;
    await runner.stop();
    try {
      const p = await create({ name: 'killed mid-call', parallel: 2, waves: [{ name: 'one', routerids: [a!.id, b!.id] }] });
      // As if killed right after upgradeRouterTemplate answered for a, and right before it was called for b.
      const submitted = (await admin.call('upgradeRouterTemplate', { id: a!.id })).data.asyncjobs as { jobid: string }[];
      expect(submitted).toHaveLength(1);
      for (const r of await store.routers(p.id)) await store.updateRouter({ ...r, state: 'starting', marked: Date.now() - 1000 });
      runner.forgetReconciliation();
      await runner.tick();
      const now = await plan(p.id);
      // Followed (and, as the job may be quick, perhaps already done) with the job submitted before the "kill".
      expect(byId(now).get(a!.id)!.jobid).toBe(submitted[0]!.jobid);
      expect(['upgrading', 'done']).toContain(byId(now).get(a!.id)!.state);
      expect(byId(now).get(b!.id)!.jobid).toBeTruthy();
      expect(byId(now).get(b!.id)!.jobid).not.toBe(submitted[0]!.jobid);
      expect(now.events.map((e) => e.text)).toEqual(expect.arrayContaining([
        `Reconciled ${a!.name}: its upgrade job ${submitted[0]!.jobid} was already submitted; following it`,
        `Reconciled ${b!.name}: no upgrade job was submitted; it waits its turn again`,
      ]));
      runner.start();
      await until(p.id, 'the plan to finish', (x) => x.state === 'finished');
      const jobs = (await admin.call('listAsyncJobs', { listall: true, pagesize: -1 })).data.asyncjobs as { jobinstanceid?: string; cmd: string }[];
      for (const r of [a!, b!]) expect(jobs.filter((j) => j.jobinstanceid === r.id && /RebootRouterCmd|UpgradeRouterTemplateCmd/.test(j.cmd))).toHaveLength(1);
    } finally {
      runner.start();
    }
  });
});

describe('plan runner and the admin\'s keys', { timeout: 90_000 }, () => {
  it('pauses, saying why, when the management server refuses the plan\'s API keys', async () => {
    const rs = take(2);
    const runner = t.server.plans.runner;
    await runner.stop();
    try {
      const p = await create({ name: 'stale keys', parallel: 1, waves: [{ name: 'one', routerids: rs.map((r) => r.id) }] });
      // The admin generates new keys: the ones the plan stored stop working.
      await admin.call('registerUserKeys', { id: admin.userid });
      runner.forgetReconciliation();
      await runner.tick();
      const now = await plan(p.id);
      expect(now.state).toBe('paused');
      expect(now.pausereason).toContain("refused the plan's API keys");
      expect(now.pausereason).toContain('Refresh the plan');
      expect(now.routers.map((r) => r.state)).toEqual(['pending', 'pending']);

      // The admin's current keys become the plan's; resumed, it finishes with them.
      expect((await api('POST', `/${p.id}/refreshkeys`, {})).status).toBe(202);
      expect((await api('POST', `/${p.id}/resume`, {})).status).toBe(202);
      runner.start();
      const done = await until(p.id, 'the plan to finish with the new keys', (x) => x.state === 'finished');
      expect(done.routers.map((r) => r.state)).toEqual(['done', 'done']);
      expect(done.events.map((e) => e.text)).toContainEqual(expect.stringContaining("API keys refreshed by admin: the plan now acts with admin's current keys"));
      // The plan API never answers a key.
      expect(JSON.stringify(done)).not.toMatch(/apikey|secretkey|sealedsecret/i);
    } finally {
      runner.start();
    }
  });

  it('refreshkeys refuses a finished plan, naming the state, and answers no secret', async () => {
    const rs = take(1);
    const p = await create({ name: 'finished keys', parallel: 1, waves: [{ name: 'one', routerids: rs.map((r) => r.id) }] });
    await until(p.id, 'the plan to finish', (x) => x.state === 'finished');
    const r = await api<{ error: { field: string; message: string } }>('POST', `/${p.id}/refreshkeys`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.field).toBe('state');
  });
});
