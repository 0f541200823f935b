/**
 * Upgrade plans in a serving process: the store (SQLite beside the simulator's database, or PostgreSQL when
 * DATABASE_URL is set), the sealed-secret key, the runner and the plan API's handler, started together.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { plansHandler, registerPlans, type KnownSession } from './http';
import { PlanRunner } from './runner';
import { loadSecretKey, secretBox } from './secrets';
import { openPlanStore, type PlanStore } from './store';

export interface PlansServiceOptions {
  /** SQLite file of the plans (':memory:' for tests); ignored when databaseUrl is set. */
  file: string;
  /** postgres://... : plans (and remembered sessions) shared by several serving processes. */
  databaseUrl?: string;
  /** Key file for the sealed secret keys (mode 0600); unused when PLANS_SECRET_KEY is set or file is ':memory:'. */
  keyFile?: string;
  apiUrl: () => string;
  sessionOf: (jsessionid: string) => Promise<KnownSession | undefined>;
  maxParallel?: number;
  defaultUpgradeSeconds?: number;
  intervalMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface PlansService {
  store: PlanStore;
  /** Not started: the serving process starts it once it listens (the runner calls its own API URL). */
  runner: PlanRunner;
  /** The plan API for node:http. */
  handle: (req: IncomingMessage, res: ServerResponse, body?: string) => Promise<boolean>;
  /** The plan API as a Fastify plugin. */
  register: (app: FastifyInstance) => Promise<void>;
  close(): Promise<void>;
}

/** Where plans live next to a simulator database: its folder's plans.db and plans.key (':memory:' stays in memory). */
export function plansFilesBeside(database: string): { file: string; keyFile?: string } {
  if (database === ':memory:') return { file: ':memory:' };
  return { file: join(dirname(database), 'plans.db'), keyFile: join(dirname(database), 'plans.key') };
}

export async function startPlans(o: PlansServiceOptions): Promise<PlansService> {
  const store = await openPlanStore({ databaseUrl: o.databaseUrl, file: o.file });
  const key = process.env.PLANS_SECRET_KEY || o.keyFile ? loadSecretKey(o.keyFile ?? '', process.env) : randomBytes(32);
  const box = secretBox(key);
  const runner = new PlanRunner({
    store, box, apiUrl: o.apiUrl, now: o.now, intervalMs: o.intervalMs, maxParallel: o.maxParallel,
    defaultUpgradeSeconds: o.defaultUpgradeSeconds, log: o.log,
  });
  const api = {
    store, box, runner, apiUrl: o.apiUrl, sessionOf: o.sessionOf, now: o.now, defaultUpgradeSeconds: o.defaultUpgradeSeconds,
    maxParallel: o.maxParallel, log: o.log,
  };
  const handle = plansHandler(api);
  return {
    store, runner, handle,
    register: (app) => registerPlans(app, api),
    async close() {
      await runner.stop();
      await store.close();
    },
  };
}
