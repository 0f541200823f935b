import { Badge } from '@mantine/core';

/** The colour of each state's badge (also used by the router grid's light-weight badges). */
export const STATE_COLORS: Record<string, string> = {
  Running: 'green',
  Up: 'green',
  Starting: 'blue',
  Migrating: 'blue',
  Stopping: 'orange',
  Stopped: 'gray',
  Destroyed: 'dark',
  Expunging: 'dark',
  Error: 'red',
  Alert: 'red',
  Down: 'red',
  Disconnected: 'orange',
};

/** A VM or agent state as a coloured badge; the state's name is always written out. */
export function StateBadge({ state }: { state: string | undefined }) {
  if (!state) return null;
  return (
    <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" radius="sm">
      {state}
    </Badge>
  );
}
