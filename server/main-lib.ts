import type { Server } from 'node:http';
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
  const server = createAppServer(running, { staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'), log });
  const listening = await listen(server, opts.port, opts.host ?? '127.0.0.1', () => running.close());
  return { ...listening, running };
}

export interface ForwarderStartOptions {
  port: number;
  host?: string;
  /** The real management server's base URL, e.g. https://cloud.example.com/client */
  upstream: string;
  staticRoot?: string;
  log?: (line: string) => void;
}

export type StartedForwarder = Listening;

/** Serves the app and forwards /client/api to a real CloudStack management server (no simulator). */
export async function startForwarder(opts: ForwarderStartOptions): Promise<StartedForwarder> {
  const server = createForwardingServer({
    upstream: opts.upstream,
    staticRoot: opts.staticRoot ?? join(repoRoot, 'dist'),
    log: opts.log ?? (() => {}),
  });
  return listen(server, opts.port, opts.host ?? '127.0.0.1');
}
