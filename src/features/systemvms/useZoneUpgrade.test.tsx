// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTestServer, type TestServer } from '../../../server/testing/harness';
import { routeAppFetchTo } from '../../../server/testing/appFetch';
import { login, resetTransportForTests } from '../../api/transport';
import { getSystemVms } from '../../api/queries/useSystemVms';
import { getZones } from '../../api/queries/useZones';
import { planZoneUpgrade } from './zoneUpgrade';
import { useZoneUpgrade } from './useZoneUpgrade';

/**
 * The zone upgrade hook against a simulator: the app's own transport, routed to it (its fetch is the app's
 * from here on, so the test reads through the app's API functions too).
 */
describe('useZoneUpgrade', () => {
  let t: TestServer;
  let restoreFetch: () => void;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    restoreFetch = routeAppFetchTo(t.url);
    await login('admin', 'password', '/');
  });
  afterAll(async () => {
    resetTransportForTests();
    restoreFetch?.();
    await t?.close();
  });

  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{children}</QueryClientProvider>
  );

  it('recreates the zone\'s system VMs one at a time: the second waits while the first is being destroyed', async () => {
    const { id: zoneid, name } = (await getZones())[0]!;
    const before = await getSystemVms({ zoneid });
    expect(before.length).toBeGreaterThanOrEqual(2);
    const plan = planZoneUpgrade(zoneid, name, before);
    const { result } = renderHook(() => useZoneUpgrade(), { wrapper });

    // Half way, made: the simulator's jobs wait until the test lets them go.
    t.pauseJobs();
    act(() => result.current.start(plan));
    await waitFor(() => expect(result.current.state?.steps[0]?.status).toBe('destroying'), { timeout: 30_000 });
    expect(result.current.state?.steps.slice(1).map((s) => s.status)).toEqual(plan.steps.slice(1).map(() => 'waiting'));
    expect(result.current.state?.phase).toBe('running');

    t.server.running.sim.jobs.start();
    await waitFor(() => expect(result.current.state?.phase).toBe('done'), { timeout: 120_000 });
    const steps = result.current.state!.steps;
    expect(steps.map((s) => s.status)).toEqual(plan.steps.map(() => 'done'));
    for (const s of steps) expect(s.newName, s.name).toBeTruthy();

    // Every VM of the plan is gone, replaced by a new one of its type, running.
    const after = await getSystemVms({ zoneid });
    expect(after.filter((v) => before.some((b) => b.id === v.id))).toEqual([]);
    expect(after.map((v) => v.systemvmtype).sort()).toEqual(before.map((v) => v.systemvmtype).sort());
    expect(after.every((v) => v.state === 'Running')).toBe(true);
  }, 180_000);

  it('cancel stops the run at the VM being recreated and says so', async () => {
    const { id: zoneid, name } = (await getZones())[1]!;
    const plan = planZoneUpgrade(zoneid, name, await getSystemVms({ zoneid }));
    const { result } = renderHook(() => useZoneUpgrade(), { wrapper });
    t.pauseJobs();
    act(() => result.current.start(plan));
    await waitFor(() => expect(result.current.state?.steps[0]?.status).toBe('destroying'), { timeout: 30_000 });
    act(() => result.current.cancel());
    await waitFor(() => expect(result.current.state?.phase).toBe('cancelled'), { timeout: 30_000 });
    expect(result.current.state?.steps[0]).toMatchObject({ status: 'failed', error: 'Cancelled' });
    expect(result.current.state?.steps.slice(1).every((s) => s.status === 'waiting')).toBe(true);
    t.server.running.sim.jobs.start();
  }, 120_000);
});
