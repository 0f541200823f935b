import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useReachability } from '../api/queries/useReachability';
import { staleness } from './staleData';
import { NOT_STALE, StaleDataContext, staleReason, type StaleData } from './staleDataContext';

export interface StaleDataGuardProps {
  /** The query whose data the screen shows. */
  query: UseQueryResult<unknown>;
  /** What the data is, for the notice: "routers". */
  what: string;
  children: ReactNode;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * Keeps a screen honest when the management server cannot be reached: the data stays on screen, but a
 * notice says it is stale, since when the server has not answered and when the data was loaded, and the
 * actions inside (every button and field of `children`, through a disabled fieldset) are disabled, since
 * none can work. The server is asked again every few seconds (useReachability); when it answers, the data
 * is loaded again and the actions come back by themselves.
 *
 * The fieldset reaches only what is inside the guard in the DOM. Drawers, modals and menus render in a
 * portal, so the guard also gives its state to everything under it in the React tree (StaleDataContext):
 * they read it with useStaleData, or wrap their content in StaleFieldset. A screen renders its drawers and
 * modals inside the guard for that reason.
 */
export function StaleDataGuard({ query, what, children }: StaleDataGuardProps) {
  const probe = useReachability();
  const now = staleness(
    { hasData: query.data !== undefined, dataUpdatedAt: query.dataUpdatedAt, error: query.error, errorUpdatedAt: query.errorUpdatedAt },
    { error: probe.error, errorUpdatedAt: probe.errorUpdatedAt, dataUpdatedAt: probe.dataUpdatedAt },
  );
  // The first failure of this outage, not the latest: kept from an earlier render, as React's "storing
  // information from previous renders" does (state set while rendering, only when it changes).
  const [since, setSince] = useState<number | undefined>(undefined);
  if (!now.stale && since !== undefined) setSince(undefined);
  else if (now.stale && since === undefined) setSince(now.since);
  const sinceMs = now.stale ? (since ?? now.since) : undefined;
  const shared = useMemo<StaleData>(
    () => (now.stale && sinceMs !== undefined ? { stale: true, since: sinceMs, reason: staleReason(sinceMs) } : NOT_STALE),
    [now.stale, sinceMs],
  );

  // The server answers again: load the data again, so that what is shown is current.
  const { refetch } = query;
  const answered = probe.dataUpdatedAt;
  const failedData = query.isError;
  useEffect(() => {
    if (failedData && answered > 0) void refetch();
  }, [answered, failedData, refetch]);

  return (
    <StaleDataContext.Provider value={shared}>
      {now.stale && (
        <Alert color="orange" variant="light" title={`The ${what} shown may be out of date`} role="alert" data-testid="stale-data">
          <Text size="sm">
            {`The management server has not answered since ${time(sinceMs!)}. The ${what} shown were loaded at ${time(now.dataAt!)}. `}
            Actions are disabled until it answers again; this page asks it again every few seconds.
          </Text>
          <Group mt="sm">
            <Button size="xs" variant="outline" color="orange" loading={probe.isFetching} onClick={() => void probe.refetch()}>
              Try now
            </Button>
          </Group>
        </Alert>
      )}
      <fieldset disabled={now.stale} aria-disabled={now.stale || undefined} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">{children}</Stack>
      </fieldset>
    </StaleDataContext.Provider>
  );
}
