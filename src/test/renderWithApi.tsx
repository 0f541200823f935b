/**
 * What the Testing Library tests of the app's hooks share: a simulator of their own (server/testing/harness.ts)
 * that the app's transport talks to (its fetch routed there, server/testing/appFetch.ts), and a renderHook with
 * a fresh TanStack QueryClient, so that a hook runs as in the app, against CloudStack's API.
 */
import type { ReactNode } from 'react';
import { afterAll, beforeAll } from 'vitest';
import { renderHook, type RenderHookResult } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTestServer, type TestServer } from '../../server/testing/harness';
import { routeAppFetchTo } from '../../server/testing/appFetch';
import { login, resetTransportForTests } from '../api/transport';

/** A demo user and the path of its domain (server/seed/democloud.ts; every password is "password"). */
export interface HookTestUser {
  username: string;
  domain: string;
}

export interface HookTestSimulator {
  /** The test's simulator; read it inside a test or a hook of the suite (it starts in `beforeAll`). */
  readonly server: TestServer;
  /** Holds every job of the simulator where it is, until `resumeJobs`: "half way" made, not raced. */
  pauseJobs(): void;
  /** Lets the simulator's jobs run on by themselves again. */
  resumeJobs(): void;
}

/**
 * Registers, in the calling `describe`, a `beforeAll` that starts a simulator (`options` as startTestServer's,
 * default 10 routers), routes the app's fetch to it and, unless `user` is null, logs that user in (default:
 * admin in /) through the app's transport; and an `afterAll` that resets the transport and stops the simulator.
 */
export function simulatorForHookTests(
  options: Parameters<typeof startTestServer>[0] = { routers: 10 },
  user: HookTestUser | null = { username: 'admin', domain: '/' },
): HookTestSimulator {
  let server: TestServer | undefined;
  let restoreFetch: (() => void) | undefined;
  beforeAll(async () => {
    server = await startTestServer(options);
    restoreFetch = routeAppFetchTo(server.url);
    if (user) await login(user.username, 'password', user.domain);
  });
  afterAll(async () => {
    resetTransportForTests();
    restoreFetch?.();
    await server?.close();
  });
  const started = (): TestServer => {
    if (!server) throw new Error('the simulator starts in beforeAll: use it inside a test');
    return server;
  };
  return {
    get server() {
      return started();
    },
    pauseJobs: () => started().pauseJobs(),
    resumeJobs: () => started().server.running.sim.jobs.start(),
  };
}

/** renderHook with a QueryClient of its own (no retries: a refused call shows at once). */
export function renderHookWithApi<Result>(hook: () => Result): RenderHookResult<Result, unknown> {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return renderHook(hook, { wrapper });
}
