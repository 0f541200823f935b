// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '@testing-library/react';
import { callApi } from '../transport';
import { renderHookWithApi, simulatorForHookTests } from '../../test/renderWithApi';
import { getManagementServers } from './useManagementServers';
import { pendingRestartNames, usePendingRestarts } from './usePendingRestarts';

describe('pendingRestartNames', () => {
  const servers = [{ lastserverstart: '2026-11-30T10:00:00+0000' }];
  const edit = (description: string, created: string) => ({ type: 'CONFIGURATION.VALUE.EDIT', description, created });

  it('counts an edit of a named non-dynamic setting after the last start, not before or at it', () => {
    const events = [
      edit("Setting router.version.check set to 'false'", '2026-11-30T10:00:05+0000'),
      edit("Setting other.static set to '1'", '2026-11-30T09:59:00+0000'),
      edit("Setting at.start set to '1'", '2026-11-30T10:00:00+0000'),
    ];
    expect([...pendingRestartNames(['router.version.check', 'other.static', 'at.start'], servers, events)]).toEqual(['router.version.check']);
  });

  it('matches whole names only, and reads CloudStack\'s own "Name: x" description too', () => {
    const events = [edit('updating configuration.  Name: a.b New Value: 1', '2026-11-30T11:00:00+0000')];
    expect([...pendingRestartNames(['a', 'a.b', 'a.b.c'], servers, events)]).toEqual(['a.b']);
  });

  it('waits for every server: the earliest start counts; no start known, nothing pending', () => {
    const events = [edit('Setting x set to 1', '2026-11-30T10:30:00+0000')];
    expect(pendingRestartNames(['x'], [...servers, { lastserverstart: '2026-11-30T11:00:00+0000' }], events).has('x')).toBe(true);
    expect(pendingRestartNames(['x'], [{}], events).size).toBe(0);
  });
});

describe('usePendingRestarts against the simulator', () => {
  const sim = simulatorForHookTests({ routers: 2 });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a changed non-dynamic setting until the simulated restart, which moves lastserverstart', async () => {
    const simulator = sim.server.server.running.sim;
    // Only Date is faked (timers run): the edit and the restart each happen a minute later, never in the same second.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    await callApi('updateConfiguration', { name: 'router.version.check', value: 'false' });

    const first = renderHookWithApi(() => usePendingRestarts(['router.version.check', 'network.router.EnableServiceMonitoring']));
    await waitFor(() => expect(first.result.current.data).toBeDefined(), { timeout: 30_000 });
    expect([...first.result.current.data!]).toEqual(['router.version.check']);
    first.unmount();

    // A reload: a new QueryClient, nothing remembered, still pending.
    const before = (await getManagementServers())[0]!.lastserverstart;
    const reload = renderHookWithApi(() => usePendingRestarts(['router.version.check']));
    await waitFor(() => expect(reload.result.current.data?.has('router.version.check')).toBe(true), { timeout: 30_000 });
    reload.unmount();

    vi.setSystemTime(Date.now() + 60_000);
    simulator.settings.takeSnapshot();
    const after = (await getManagementServers())[0]!.lastserverstart;
    expect(after).not.toBe(before);
    const restarted = renderHookWithApi(() => usePendingRestarts(['router.version.check']));
    await waitFor(() => expect(restarted.result.current.data).toBeDefined(), { timeout: 30_000 });
    expect(restarted.result.current.data!.size).toBe(0);
  });
});
