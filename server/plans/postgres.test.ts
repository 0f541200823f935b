/**
 * Two serving processes (forwarding to one management server, here a simulator in a process of its own) on one
 * PostgreSQL: they share the remembered sessions and the plans; exactly one runs the plans (an advisory lock);
 * when it is killed, the other takes over and finishes the plan, with one upgrade job per router.
 * PostgreSQL is Debian's (`apt-get install postgresql`), started here as a private cluster in a temporary
 * folder on a free port of 127.0.0.1 (as the postgres user when the test runs as root).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSimulator, waitForExit, type SimulatorProcess } from '../reliability/process';
import type { PlanDetail } from '../../src/api/plans';
import { loginAt, plansClient, waitFor } from './testing';

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const bin = postgresBin();
const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL program, as the postgres user when this process is root (initdb refuses root). */
function pg(program: string, args: string[]): void {
  const cmd = join(bin!, program);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

const dir = mkdtempSync(join(tmpdir(), 'plans-pg-'));
const procs: SimulatorProcess[] = [];
let pgStarted = false;

afterAll(async () => {
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGTERM');
      await waitForExit(p.child);
    }
  }
  if (pgStarted) {
    try {
      pg('pg_ctl', ['-D', join(dir, 'pg'), '-m', 'immediate', 'stop']);
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

interface RouterLite { id: string; name: string; state: string; requiresupgrade: boolean; isredundantrouter: boolean; jobid?: string }
interface JobLite { cmd: string; jobinstanceid?: string }

// Skipped only outside CI on a machine without Debian's postgresql (no pg_ctl to start a private cluster); under
// CI=true it runs, and fails if PostgreSQL is missing (.ci/run installs it).
describe.skipIf(!bin && !process.env.CI)('plans on PostgreSQL, two serving processes', () => {
  it('shares sessions and plans; one runs them; the other takes over when it is killed', async () => {
    expect(bin, 'Debian\'s postgresql is not installed (apt-get install postgresql)').toBeTruthy();
    const data = join(dir, 'pg');
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const port = await freePort();
    pg('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'pg.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    pgStarted = true;
    const env = { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, PLANS_SECRET_KEY: randomBytes(32).toString('base64') };

    const cloud = await spawnSimulator(['--db', join(dir, 'sim.db'), '--routers', '60', '--speed', '3'], { SIM_QUIET: '1', DATABASE_URL: '' });
    procs.push(cloud);
    const upstream = `${cloud.url}client`;
    const a = await spawnSimulator(['--upstream', upstream], env);
    procs.push(a);
    const b = await spawnSimulator(['--upstream', upstream], env);
    procs.push(b);

    // Logged in through A; B knows the session (a reload that lands on B keeps the admin logged in).
    const admin = await loginAt(a.url);
    const resumed = await fetch(`${b.url}client/session`, { headers: { Cookie: admin.cookie } });
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as { session: { sessionkey: string } }).session.sessionkey).toBe(admin.sessionkey);

    const fleet = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
    const rs = fleet.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid).slice(0, 6);
    expect(rs).toHaveLength(6);
    const viaB = plansClient(b.url, admin);
    const created = await viaB<PlanDetail>('POST', '', { name: 'shared', parallel: 1, start: true, registerkeys: true, waves: [{ name: 'all', routerids: rs.map((r) => r.id) }] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const viaA = plansClient(a.url, admin);
    expect((await viaA<PlanDetail>('GET', `/${id}`)).body.name).toBe('shared');

    const RUNS = 'plans: this process runs the plans';
    const leader = await waitFor('one process to run the plans', async () => (a.output().includes(RUNS) ? a : b.output().includes(RUNS) ? b : undefined), 60_000);
    const other = leader === a ? b : a;
    await waitFor('a router done and others to go', async () => {
      const p = (await plansClient(other.url, admin)<PlanDetail>('GET', `/${id}`)).body;
      return p.routers.some((r) => r.state === 'done') && p.routers.filter((r) => r.state === 'pending').length >= 2;
    }, 120_000);
    // Exactly one ran them until now.
    expect(other.output()).not.toContain(RUNS);
    leader.child.kill('SIGKILL');
    await waitForExit(leader.child);

    const survivor = plansClient(other.url, admin);
    const done = await waitFor('the survivor to finish the plan', async () => {
      const p = (await survivor<PlanDetail>('GET', `/${id}`)).body;
      return p.state === 'finished' ? p : undefined;
    }, 180_000);
    expect(other.output()).toContain(RUNS);
    expect(done.routers.map((r) => r.state)).toEqual(Array(6).fill('done'));
    const direct = await loginAt(cloud.url);
    const jobs = (await direct.call('listAsyncJobs', { listall: true, pagesize: -1 })).asyncjobs as JobLite[];
    for (const r of rs) expect(jobs.filter((j) => j.jobinstanceid === r.id && /RebootRouterCmd|UpgradeRouterTemplateCmd/.test(j.cmd)), r.name).toHaveLength(1);
  }, 400_000);
});
