// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTestServer, type TestServer } from '../../../server/testing/harness';
import { routeAppFetchTo } from '../../../server/testing/appFetch';
import { login, resetTransportForTests } from '../../api/transport';
import { getRouters } from '../../api/queries/useRouters';
import type { Router } from '../../api/schemas';
import { useStartUpgradePlan, useUpgradeTracker } from './useUpgradeTracker';

/**
 * The routers screen's upgrade tracker against a simulator and its plan runner, through the app's own
 * transport: the one-click Upgrade is a plan the server runs, so a second mount with a cache of its own
 * (another admin's browser, or this one after a reload) finds the same upgrade half way.
 */
describe('useUpgradeTracker', () => {
  let t: TestServer;
  let restoreFetch: () => void;
  let candidates: Router[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 60, speed: 20 });
    restoreFetch = routeAppFetchTo(t.url);
    await login('admin', 'password', '/');
    candidates = (await getRouters()).filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid);
  }, 60_000);
  afterAll(async () => {
    resetTransportForTests();
    restoreFetch?.();
    await t?.close();
  });

  /** `n` outdated Running single routers no other test took. */
  const take = (n: number): Router[] => {
    const out = candidates.splice(0, n);
    if (out.length < n) throw new Error('not enough outdated routers in the demo cloud');
    return out;
  };
  /** A mount of the hook with a query cache of its own: a browser of its own. */
  const mount = () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    return renderHook(() => ({ tracker: useUpgradeTracker(), start: useStartUpgradePlan() }), { wrapper });
  };

  it('counts the progress of a one-click plan; a remount with a cache of its own finds it half way; it completes, then is dismissed', async () => {
    const routers = take(3);
    // Half way, made: no job step runs until the test lets them go.
    t.pauseJobs();
    const first = mount();
    await act(() => first.result.current.start.mutateAsync({ what: 'three routers', routerids: routers.map((r) => r.id) }));
    await waitFor(() => expect(first.result.current.tracker.summary.total).toBe(3), { timeout: 30_000 });
    expect(first.result.current.tracker.visible).toBe(true);
    expect(first.result.current.tracker.summary).toMatchObject({ done: 0, failed: 0, finished: false });
    expect(first.result.current.tracker.plans).toEqual([expect.objectContaining({ name: 'Upgrade three routers', state: 'running' })]);
    first.unmount();

    const second = mount();
    await waitFor(() => expect(second.result.current.tracker.summary.total).toBe(3), { timeout: 30_000 });
    expect(second.result.current.tracker.lines.map((l) => l.routerid).sort()).toEqual(routers.map((r) => r.id).sort());
    expect(second.result.current.tracker.summary.finished).toBe(false);

    t.server.running.sim.jobs.start();
    await waitFor(() => expect(second.result.current.tracker.summary).toMatchObject({ total: 3, done: 3, failed: 0, percent: 100, finished: true }), { timeout: 60_000 });
    expect(second.result.current.tracker.lines.every((l) => l.status === 'done' && l.version)).toBe(true);
    expect(second.result.current.tracker.remainingMs).toBeUndefined();
    // Finished, it stays until dismissed.
    expect(second.result.current.tracker.visible).toBe(true);
    act(() => second.result.current.tracker.dismiss());
    expect(second.result.current.tracker.visible).toBe(false);
    second.unmount();
  }, 120_000);

  it('shows a failed router with its errortext; Retry failed runs it again and the upgrade completes', async () => {
    const [bad, good] = take(2);
    t.server.running.sim.options.failRouters = [bad!.name];
    const { result, unmount } = mount();
    try {
      await act(() => result.current.start.mutateAsync({ what: 'two routers', routerids: [bad!.id, good!.id] }));
      await waitFor(() => expect(result.current.tracker.summary).toMatchObject({ total: 2, done: 1, failed: 1, finished: true }), { timeout: 60_000 });
      const failed = result.current.tracker.lines.find((l) => l.status === 'failed');
      expect(failed?.routerid).toBe(bad!.id);
      expect(failed?.errortext).toContain('fault injected');
    } finally {
      t.server.running.sim.options.failRouters = [];
    }
    act(() => result.current.tracker.retryFailed());
    await waitFor(() => expect(result.current.tracker.summary).toMatchObject({ total: 2, done: 2, failed: 0, finished: true }), { timeout: 60_000 });
    expect(result.current.tracker.retryError).toBeNull();
    unmount();
  }, 120_000);
});
