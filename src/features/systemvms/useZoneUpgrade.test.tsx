// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { act, waitFor } from '@testing-library/react';
import { getSystemVms } from '../../api/queries/useSystemVms';
import { getZones } from '../../api/queries/useZones';
import { planZoneUpgrade } from './zoneUpgrade';
import { renderHookWithApi, simulatorForHookTests } from '../../test/renderWithApi';
import { useZoneUpgrade } from './useZoneUpgrade';

/**
 * The zone upgrade hook against a simulator: the app's own transport, routed to it (its fetch is the app's
 * from here on, so the test reads through the app's API functions too).
 */
describe('useZoneUpgrade', () => {
  const sim = simulatorForHookTests();

  it('recreates the zone\'s system VMs one at a time: the second waits while the first is being destroyed', async () => {
    const { id: zoneid, name } = (await getZones())[0]!;
    const before = await getSystemVms({ zoneid });
    expect(before.length).toBeGreaterThanOrEqual(2);
    const plan = planZoneUpgrade(zoneid, name, before);
    const { result } = renderHookWithApi(() => useZoneUpgrade());

    // Half way, made: the simulator's jobs wait until the test lets them go.
    sim.pauseJobs();
    act(() => result.current.start(plan));
    await waitFor(() => expect(result.current.state?.steps[0]?.status).toBe('destroying'), { timeout: 30_000 });
    expect(result.current.state?.steps.slice(1).map((s) => s.status)).toEqual(plan.steps.slice(1).map(() => 'waiting'));
    expect(result.current.state?.phase).toBe('running');

    sim.resumeJobs();
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
    const { result } = renderHookWithApi(() => useZoneUpgrade());
    sim.pauseJobs();
    act(() => result.current.start(plan));
    await waitFor(() => expect(result.current.state?.steps[0]?.status).toBe('destroying'), { timeout: 30_000 });
    act(() => result.current.cancel());
    await waitFor(() => expect(result.current.state?.phase).toBe('cancelled'), { timeout: 30_000 });
    expect(result.current.state?.steps[0]).toMatchObject({ status: 'failed', error: 'Cancelled' });
    expect(result.current.state?.steps.slice(1).every((s) => s.status === 'waiting')).toBe(true);
    sim.resumeJobs();
  }, 120_000);
});
