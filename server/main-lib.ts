import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createSimulator, type RunningSimulator } from './simulator';
import { buildApp, type AppMode, type AppOptions } from './http/app';
import type { HttpLimits } from './http/io';
import type { SimulatorOptions } from './options';

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
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the Fastify application of `mode` and listens on host:port (port 0 picks a free one). `beforeClose`
 * runs first on close; then open connections are dropped and the listener closes.
 */
async function listen(mode: AppMode, opts: HttpStartOptions, beforeClose: () => void = () => {}): Promise<Listening> {
  const host = opts.host ?? '127.0.0.1';
  const { app, setListeningOrigin } = await buildApp(mode, {
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
  try {
    const listening = await listen({ simulator: running }, { ...opts, log }, () => running.close());
    return { ...listening, running };
  } catch (err) {
    running.close();
    throw err;
  }
}

export interface ForwarderStartOptions extends HttpStartOptions {
  /** The real management server's base URL, e.g. https://cloud.example.com/client */
  upstream: string;
}

export type StartedForwarder = Listening;

/** Serves the app and forwards /client/api to a real CloudStack management server (no simulator). */
export async function startForwarder(opts: ForwarderStartOptions): Promise<StartedForwarder> {
  return listen({ upstream: opts.upstream }, opts);
}
