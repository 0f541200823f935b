import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createSimulator, type RunningSimulator } from './simulator';
import { createAppServer } from './http/app';
import type { SimulatorOptions } from './options';
import { createForwardingServer } from './upstream/forward';

export interface StartOptions {
  port: number;
  host?: string;
  options?: Partial<SimulatorOptions>;
  staticRoot?: string;
  log?: (line: string) => void;
}

export interface StartedServer {
  url: string;
  port: number;
  running: RunningSimulator;
  close(): Promise<void>;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the simulator and the serving process on host:port (port 0 picks a free one). */
export async function startServer(opts: StartOptions): Promise<StartedServer> {
  const log = opts.log ?? (() => {});
  const running = createSimulator(opts.options, log);
  const server = createAppServer(running, { staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'), log });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    running,
    close: () =>
      new Promise<void>((resolveClose) => {
        running.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

export interface ForwarderStartOptions {
  port: number;
  host?: string;
  /** The real management server's base URL, e.g. https://cloud.example.com/client */
  upstream: string;
  staticRoot?: string;
  log?: (line: string) => void;
}

export interface StartedForwarder {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the app and forwards /client/api to a real CloudStack management server (no simulator). */
export async function startForwarder(opts: ForwarderStartOptions): Promise<StartedForwarder> {
  const server = createForwardingServer({
    upstream: opts.upstream,
    staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'),
    log: opts.log ?? (() => {}),
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
