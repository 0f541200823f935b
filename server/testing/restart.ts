import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SimulatorOptions } from '../options';
import { spawnSimulator, waitForExit, type SimulatorProcess } from '../reliability/process';
import { startTestServer, type TestServer } from './harness';

/**
 * A test simulator on a database file of its own, which the test can restart: `restart()` closes the
 * simulator (as a stopped management server) and opens a new one on the same file, the way an admin
 * restarts the management server for a non-dynamic setting. Sessions live in the database, so they
 * survive; the port changes.
 */
export interface RestartableServer {
  current(): TestServer;
  /** Opens the simulator again on the same file; `changed` options replace those it was started with. */
  restart(changed?: Partial<SimulatorOptions>): Promise<TestServer>;
  /** Closes the simulator only (restart() opens it again). */
  stop(): Promise<void>;
  /** Closes the simulator and removes the database file. */
  close(): Promise<void>;
  file: string;
}

export async function startRestartableServer(options: Partial<SimulatorOptions> = {}): Promise<RestartableServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-sim-'));
  const file = join(dir, 'simulator.db');
  let t = await startTestServer({ ...options, database: file });
  let open = true;
  return {
    file,
    current: () => t,
    async restart(changed = {}) {
      if (open) await t.close();
      open = false;
      t = await startTestServer({ ...options, ...changed, database: file });
      open = true;
      return t;
    },
    async stop() {
      if (open) await t.close();
      open = false;
    },
    async close() {
      if (open) await t.close();
      open = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A simulator in a process of its own (server/reliability/process.ts) on a database file in a temporary
 * folder, for tests that kill it as a crash would (SIGKILL: no shutdown code runs) and start it again on the
 * same file, as an operator restarts a management server that died.
 */
export interface KillableSimulator {
  /** The temporary folder: the database file and whatever the simulator keeps beside it (plans.key). */
  dir: string;
  /** The database file (`--db`). */
  db: string;
  /** Starts the simulator on the database file with more command-line `args` (the port is chosen at run time). */
  start(args: string[], env?: Record<string, string>): Promise<SimulatorProcess>;
  /** Kills the running simulator with SIGKILL and waits until it has exited; answers the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

/**
 * Makes a KillableSimulator whose folder is named after `prefix`, and registers (in the calling `describe`,
 * or the file) an `afterAll` that stops a process still running (SIGTERM) and removes the folder.
 */
export function killableSimulator(prefix: string): KillableSimulator {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const db = join(dir, 'simulator.db');
  let proc: SimulatorProcess | undefined;
  afterAll(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      await waitForExit(proc.child);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    db,
    async start(args, env = {}) {
      proc = await spawnSimulator(['--db', db, ...args], env);
      return proc;
    },
    async kill() {
      if (!proc) throw new Error('no simulator was started');
      proc.child.kill('SIGKILL');
      await waitForExit(proc.child);
      return proc.child.signalCode;
    },
  };
}
