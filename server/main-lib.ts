import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createSimulator, type RunningSimulator } from './simulator';
import { createAppServer } from './http/app';
import type { SimulatorOptions } from './options';
import { createForwardingServer, memorySessions, upstreamApiUrl } from './upstream/forward';
import { PLANS_API } from '../src/api/plans';
import { plansFilesBeside, startPlans, type PlansService } from './plans/service';
import { simulatorSessionOf, storeSessions } from './plans/sessions';
import { ROUTER_PHASE_MS } from './routers/jobs';

export interface StartOptions {
  port: number;
  host?: string;
  options?: Partial<SimulatorOptions>;
  staticRoot?: string;
  log?: (line: string) => void;
  /** PostgreSQL for the upgrade plans (default: DATABASE_URL; else SQLite beside the simulator's database). */
  databaseUrl?: string;
  /** The plan runner's clock (ms) and tick interval, for tests. */
  plans?: { now?: () => number; intervalMs?: number };
}

/** A serving process listening: its base URL, its port, and how to stop it. */
interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartedServer extends Listening {
  running: RunningSimulator;
  plans: PlansService;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Listens on host:port (port 0 picks a free one) and answers where, and how to close: `beforeClose` runs
 * first, then every open connection is dropped and the server closes.
 */
async function listen(server: Server, port: number, host: string, beforeClose: () => void = () => {}): Promise<Listening> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolveClose) => {
        beforeClose();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** Starts the simulator and the serving process on host:port (port 0 picks a free one). */
export async function startServer(opts: StartOptions): Promise<StartedServer> {
  const log = opts.log ?? (() => {});
  const running = createSimulator(opts.options, log);
  let apiUrl = '';
  const { options } = running.sim;
  const plans = await startPlans({
    ...plansFilesBeside(options.database), databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL, apiUrl: () => apiUrl,
    sessionOf: simulatorSessionOf(running.sim), maxParallel: options.upgradeParallel,
    defaultUpgradeSeconds: (ROUTER_PHASE_MS.stop + ROUTER_PHASE_MS.start) / 1000 / options.speed, log,
    now: opts.plans?.now, intervalMs: opts.plans?.intervalMs ?? Math.max(100, Math.round(1000 / options.speed)),
  });
  const server = createAppServer(running, {
    staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'), log, mounts: [{ prefix: PLANS_API, handle: plans.handle }],
  });
  const listening = await listen(server, opts.port, opts.host ?? '127.0.0.1', () => running.close());
  apiUrl = `${listening.url}client/api`;
  plans.runner.start();
  return { ...listening, running, plans, close: async () => { await plans.close(); await listening.close(); } };
}

export interface ForwarderStartOptions {
  port: number;
  host?: string;
  /** The real management server's base URL, e.g. https://cloud.example.com/client */
  upstream: string;
  staticRoot?: string;
  log?: (line: string) => void;
  /** PostgreSQL for plans and remembered sessions (default: DATABASE_URL). */
  databaseUrl?: string;
  /** SQLite file of the plans and the key file sealing secret keys, without PostgreSQL (default data/plans.db, data/plans.key). */
  plansFile?: string;
  plansKeyFile?: string;
}

export type StartedForwarder = Listening;

/** Serves the app and forwards /client/api to a real CloudStack management server (no simulator). */
export async function startForwarder(opts: ForwarderStartOptions): Promise<StartedForwarder> {
  const log = opts.log ?? (() => {});
  // Plans run against the upstream management server. With DATABASE_URL (PostgreSQL) the plans and the
  // remembered sessions are shared by every forwarding process on that database; one of them runs the plans.
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const plans = await startPlans({
    file: opts.plansFile ?? 'data/plans.db', keyFile: opts.plansKeyFile ?? 'data/plans.key', databaseUrl,
    apiUrl: () => upstreamApiUrl(opts.upstream), sessionOf: async (id) => sessions.find(id),
    maxParallel: Number(process.env.PLANS_MAX_PARALLEL ?? 10), log,
  });
  const sessions = databaseUrl ? storeSessions(plans.store) : memorySessions();
  const server = createForwardingServer({
    upstream: opts.upstream,
    staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'),
    log,
    sessions,
    mounts: [{ prefix: PLANS_API, handle: plans.handle }],
  });
  const listening = await listen(server, opts.port, opts.host ?? '127.0.0.1');
  plans.runner.start();
  return { ...listening, close: async () => { await plans.close(); await listening.close(); } };
}
