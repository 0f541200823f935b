import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatorOptions } from '../options';
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
