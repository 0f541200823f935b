/**
 * Upgrade plans at scale: every outdated, Running router of a 10,000-router demo cloud in 40 waves, no window,
 * run by the plan runner through the API, against the simulated minimum (the sum over the waves of their
 * upgrade rounds: ceil(routers / parallel) upgrades of one simulated duration each, a redundant pair taking two).
 * Usage: npx tsx bench/plans.ts [routers=10000] [waves=40] [parallel=50] [speed=10]
 */
import { startServer } from '../server/main-lib';
import { ROUTER_PHASE_MS } from '../server/routers/jobs';
import { pairKey, waveSeconds } from '../server/plans/planning';
import { loginAt, plansClient, waitFor } from '../server/plans/testing';
import type { Plan, PlanDetail } from '../src/api/plans';

interface RouterLite { id: string; state: string; requiresupgrade: boolean; jobid?: string; isredundantrouter?: boolean; guestnetworkid?: string; vpcid?: string }

const [routers = 10000, waveCount = 40, parallel = 50, speed = 10] = process.argv.slice(2).map(Number);
const seedStart = Date.now();
const server = await startServer({ port: 0, options: { database: ':memory:', routers, speed, upgradeParallel: parallel }, plans: { intervalMs: 20 } });
console.log(`seeded ${routers} routers in ${Date.now() - seedStart} ms`);
try {
  const admin = await loginAt(server.url);
  const fleet = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
  // Pairs side by side, so that a wave boundary never splits a redundant pair.
  const eligible = fleet.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.jobid)
    .sort((a, b) => (a.isredundantrouter ? pairKey(a) ?? a.id : a.id).localeCompare(b.isredundantrouter ? pairKey(b) ?? b.id : b.id));
  const size = Math.ceil(eligible.length / waveCount);
  const waves: RouterLite[][] = [];
  let cur: RouterLite[] = [];
  for (let i = 0; i < eligible.length; i++) {
    cur.push(eligible[i]!);
    const next = eligible[i + 1];
    const samePair = next && eligible[i]!.isredundantrouter && next.isredundantrouter && pairKey(next) === pairKey(eligible[i]!);
    if (cur.length >= size && !samePair) {
      waves.push(cur);
      cur = [];
    }
  }
  if (cur.length) waves.push(cur);
  const upgradeSeconds = (ROUTER_PHASE_MS.stop + ROUTER_PHASE_MS.start) / 1000 / speed;
  const minimum = waves.reduce((a, w) => a + waveSeconds(w, parallel, upgradeSeconds), 0);
  const api = plansClient(server.url, admin);
  const started = Date.now();
  const created = await api<PlanDetail>('POST', '', {
    name: 'bench', parallel, failurebudget: eligible.length, healthgate: true, start: true, registerkeys: true,
    waves: waves.map((w, i) => ({ name: `wave ${i + 1}`, routerids: w.map((r) => r.id) })),
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  // Watched through the plan list every 250 ms (as the screens do, not the 3,656-router detail every 50 ms,
  // which would compete with the runner for this one process's event loop), then the detail once.
  await waitFor('the plan to finish', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const list = (await api<{ plans: Plan[] }>('GET', '')).body.plans;
    return list.find((p) => p.id === created.body.id)?.state === 'finished';
  }, 3_600_000);
  const wall = (Date.now() - started) / 1000;
  const done = (await api<PlanDetail>('GET', `/${created.body.id}`)).body;
  const counts = done.routers.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
  console.log(`plan of ${eligible.length} routers (${eligible.filter((r) => r.isredundantrouter).length} in redundant pairs) in ${waves.length} waves, parallel ${parallel}, one upgrade ${upgradeSeconds.toFixed(2)} s (speed ${speed})`);
  console.log(`outcome: ${JSON.stringify(counts)}`);
  const calls = [...server.plans.runner.calls].map(([c, s]) => `${c} ${s.n} x ${(s.ms / s.n).toFixed(1)} ms`).join(', ');
  console.log(`runner calls: ${calls}`);
  console.log(`wall time ${wall.toFixed(1)} s against a simulated minimum of ${minimum.toFixed(1)} s (${Math.round((wall / minimum - 1) * 100)}% over)`);
} finally {
  await server.close();
}
