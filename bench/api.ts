/**
 * API figures with 10,000 routers: listRouters with pagesize 500 (p50, p99), 50 concurrent clients, and the
 * wall time of upgrading every router of one pod against the simulated minimum (ceil(routers / parallel limit)
 * x one upgrade, from the call to the simulator finishing the last job). Prints its figures.
 * Usage: npx tsx bench/api.ts [routers] [--upgrade-only]
 */
import { startTestServer, type Session, type TestServer } from '../server/testing/harness';
import { percentile, runApiLoad } from '../server/reliability/load';
import { ROUTER_PHASE_MS } from '../server/routers/jobs';
import { emit, emitLoad } from './figures';

const UPGRADE_ONLY = process.argv.includes('--upgrade-only');
const ROUTERS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const SPEED = 10;
const PARALLEL = 20;

/** listRouters page by page, every page twice (the call times into `times`), then 50 concurrent clients for 5 s. */
async function listAndLoad(t: TestServer, admin: Session, times: number[]): Promise<void> {
  // listRouters, pagesize 500, every page twice, one after another.
  const pages = Math.ceil(ROUTERS / 500);
  for (let round = 0; round < 2; round++) {
    for (let page = 1; page <= pages; page++) {
      const a = performance.now();
      const r = await admin.call('listRouters', { listall: true, pagesize: 500, page });
      times.push(performance.now() - a);
      if (r.status !== 200) throw new Error(`listRouters failed: ${JSON.stringify(r.data)}`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`listRouters pagesize=500 over ${ROUTERS} routers: ${times.length} calls, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);

  // 50 concurrent clients for 5 s.
  const sessions = await Promise.all(Array.from({ length: 50 }, () => t.login()));
  const load = await runApiLoad(sessions, 5, ROUTERS);
  console.log(`50 concurrent clients for 5 s: ${load.requests} requests (${(load.requests / load.seconds).toFixed(0)}/s), p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, ${load.errors.length} errors`);
}

async function main(): Promise<void> {
  emitLoad('machine_load_before_api');
  const t0 = performance.now();
  const t = await startTestServer({ routers: ROUTERS, speed: SPEED, upgradeParallel: PARALLEL });
  console.log(`seeded and started ${ROUTERS} routers in ${(performance.now() - t0).toFixed(0)} ms`);
  const admin = await t.login();

  const times: number[] = [];
  if (!UPGRADE_ONLY) await listAndLoad(t, admin, times);

  // Upgrade every router of the pod with the most routers requiring an upgrade.
  // upgradeRouterTemplate upgrades the Running outdated routers of the pod.
  const all = (await admin.call('listRouters', { listall: true, pagesize: -1 })).data.router as { podid: string; requiresupgrade: boolean; state: string }[];
  const byPod = new Map<string, number>();
  for (const r of all) if (r.requiresupgrade && r.state === 'Running') byPod.set(r.podid, (byPod.get(r.podid) ?? 0) + 1);
  const [podid, stale] = [...byPod.entries()].sort((a, b) => b[1] - a[1])[0]!;
  // The end is the moment the simulator finishes the last job (the job runner's onFinish, in this process), not
  // a client's poll: a client polling listAsyncJobs here would run in the simulator's own process and thread
  // (zod-checking every job's answer), and the figure would measure the poll. One listAsyncJobs at the end
  // checks that every job succeeded.
  const sim = t.server.running.sim;
  const mine = new Set<string>();
  let last = 0;
  let finishedJobs = 0;
  let allDone: () => void = () => undefined;
  const finishedAll = new Promise<void>((resolve) => { allDone = resolve; });
  sim.jobs.onFinish((job) => {
    if (!mine.has(job.id)) return;
    finishedJobs += 1;
    last = performance.now();
    if (finishedJobs === mine.size) allDone();
  });
  const started = performance.now();
  const up = await admin.call('upgradeRouterTemplate', { podid });
  const jobs = (up.data.asyncjobs as { jobid: string }[]).map((j) => j.jobid);
  for (const id of jobs) mine.add(id);
  // Jobs that finished before the answer arrived were not counted (none can: a reboot takes 300 ms).
  if (finishedJobs === mine.size) allDone();
  await finishedAll;
  const wall = (last - started) / 1000;
  const list = (await admin.call('listAsyncJobs', { listall: true, pagesize: -1 })).data.asyncjobs as { jobid: string; jobstatus: number }[];
  const failed = list.filter((j) => mine.has(j.jobid) && j.jobstatus !== 1).length;
  // The simulated minimum: every slot of the queue runs its reboots back to back, each taking exactly the
  // simulated stop and start (the job runner's own rounding of ROUTER_PHASE_MS / speed), so the queue needs
  // ceil(jobs / limit) reboots in a row.
  const one = (sim.jobs.duration(ROUTER_PHASE_MS.stop) + sim.jobs.duration(ROUTER_PHASE_MS.start)) / 1000;
  const minimum = Math.ceil(jobs.length / PARALLEL) * one;
  console.log(`upgrade of one pod: ${jobs.length} routers (of ${stale} requiring it), parallel limit ${PARALLEL}, one upgrade ${one.toFixed(2)} s at speed ${SPEED}: ` +
    `wall time ${wall.toFixed(2)} s against a simulated minimum of ${minimum.toFixed(2)} s (${((wall / minimum - 1) * 100).toFixed(1)}% over), ${failed} failed`);
  emit({ name: 'pod_upgrade_over_minimum_pct', value: Number(((wall / minimum - 1) * 100).toFixed(1)), unit: '%', goal: '<= 5', note: `${jobs.length} routers, parallel ${PARALLEL}, wall ${wall.toFixed(2)} s, minimum ${minimum.toFixed(2)} s, ${failed} failed` });
  if (failed) process.exitCode = 1;
  if (times.length) emit({ name: 'api_list_routers_p50_ms', value: Number(percentile(times, 50).toFixed(1)), unit: 'ms', goal: null, note: `listRouters pagesize=500 over ${ROUTERS} routers` });
  await t.close();
}

await main();
