import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createSimulator, type RunningSimulator } from './simulator';
import { buildApp, type AppMode, type AppOptions } from './http/app';
import type { HttpLimits } from './http/io';
import type { SimulatorOptions } from './options';
import type { FastifyInstance } from 'fastify';
import { plansFilesBeside, startPlans, type PlansService } from './plans/service';
import { simulatorSessionOf, storeSessions } from './plans/sessions';
import { ROUTER_PHASE_MS } from './routers/jobs';
import { memorySessions, upstreamApiUrl, type SessionMemory } from './upstream/forward';
import { consoleDiagnosisRoute } from './console/diagnosisHttp';

/** How the serving process's HTTP listener is set up (both modes). */
export interface HttpStartOptions {
  port: number;
  host?: string;
  staticRoot?: string;
  log?: (line: string) => void;
  /** Body limits, timeouts (ms), the connection cap and the login rate; defaults in http/io.ts. */
  limits?: Partial<HttpLimits>;
  /** The origin users reach the server at, for URLs in answers; default: the listening address. */
  publicUrl?: string;
  /** Reverse proxies whose X-Forwarded-* headers are believed. */
  trustProxy?: AppOptions['trustProxy'];
  /** TLS of the listener (PEM). */
  https?: AppOptions['https'];
  /** PostgreSQL for the upgrade plans and remembered sessions (default: DATABASE_URL; else SQLite). */
  databaseUrl?: string;
  /** The plan runner's clock (ms) and tick interval, for tests. */
  plans?: { now?: () => number; intervalMs?: number };
}

export interface StartOptions extends HttpStartOptions {
  options?: Partial<SimulatorOptions>;
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
 * Builds the Fastify application of `mode` and listens on host:port (port 0 picks a free one). `beforeClose`
 * runs first on close; then open connections are dropped and the listener closes.
 */
async function listen(mode: AppMode, opts: HttpStartOptions, beforeClose: () => void = () => {},
  extra: { plugins?: ((app: FastifyInstance) => Promise<void>)[]; sessions?: SessionMemory } = {}): Promise<Listening> {
  const host = opts.host ?? '127.0.0.1';
  const { app, setListeningOrigin } = await buildApp(mode, {
    ...extra,
    staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'),
    log: opts.log ?? (() => {}),
    limits: opts.limits,
    publicUrl: opts.publicUrl,
    trustProxy: opts.trustProxy,
    https: opts.https,
  });
  await app.listen({ port: opts.port, host });
  const bound = (app.server.address() as AddressInfo).port;
  const scheme = opts.https ? 'https' : 'http';
  const origin = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  setListeningOrigin(origin);
  return {
    url: `${origin}/`,
    port: bound,
    close: async () => {
      beforeClose();
      await app.close();
    },
  };
}

/** Starts the simulator and the serving process on host:port (port 0 picks a free one). */
export async function startServer(opts: StartOptions): Promise<StartedServer> {
  const log = opts.log ?? (() => {});
  const running = createSimulator(opts.options, log);
  let plans: PlansService | undefined;
  try {
    // Upgrade plans, run through this process's own /client/api (known once it listens).
    let apiUrl = '';
    const { options } = running.sim;
    plans = await startPlans({
      ...plansFilesBeside(options.database), databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL, apiUrl: () => apiUrl,
      sessionOf: simulatorSessionOf(running.sim), maxParallel: options.upgradeParallel,
      defaultUpgradeSeconds: (ROUTER_PHASE_MS.stop + ROUTER_PHASE_MS.start) / 1000 / options.speed, log,
      now: opts.plans?.now, intervalMs: opts.plans?.intervalMs ?? Math.max(100, Math.round(1000 / options.speed)),
    });
    const listening = await listen({ simulator: running }, { ...opts, log }, () => running.close(), { plugins: [plans.register, consoleDiagnosisRoute(running.sim)] });
    apiUrl = `${listening.url}client/api`;
    plans.runner.start();
    const p = plans;
    return { ...listening, running, plans: p, close: async () => { await p.close(); await listening.close(); } };
  } catch (err) {
    await plans?.close();
    running.close();
    throw err;
  }
}

export interface ForwarderStartOptions extends HttpStartOptions {
  /** The real management server's base URL, e.g. https://cloud.example.com/client */
  upstream: string;
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
  let sessions: SessionMemory = memorySessions();
  const plans = await startPlans({
    file: opts.plansFile ?? 'data/plans.db', keyFile: opts.plansKeyFile ?? 'data/plans.key', databaseUrl,
    apiUrl: () => upstreamApiUrl(opts.upstream), sessionOf: async (id) => sessions.find(id),
    maxParallel: Number(process.env.PLANS_MAX_PARALLEL ?? 10), log,
  });
  if (databaseUrl) sessions = storeSessions(plans.store);
  try {
    const listening = await listen({ upstream: opts.upstream }, opts, () => {}, { plugins: [plans.register], sessions });
    plans.runner.start();
    return { ...listening, close: async () => { await plans.close(); await listening.close(); } };
  } catch (err) {
    await plans.close();
    throw err;
  }
}
