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

/**
 * The minimum width of a badge whose text must show whole: Mantine's Badge clips its label (overflow hidden,
 * ellipsis), so its min-content width is its padding alone and an automatic table layout shrinks its column to
 * "RU…". At least its text's width, the column stays wide enough (the table scrolls instead).
 */
export const WHOLE_BADGE_MIN_WIDTH = 'max-content';

/** A VM or agent state as a coloured badge; the state's name is always written out. */
export function StateBadge({ state }: { state: string | undefined }) {
  if (!state) return null;
  return (
    <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" radius="sm" miw={WHOLE_BADGE_MIN_WIDTH}>
      {state}
    </Badge>
  );
}
