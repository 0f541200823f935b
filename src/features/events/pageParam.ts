/** Reads the `page` search parameter: a whole number from 1, anything else is page 1. */
export function readPageParam(value: string | null): number {
  if (value === null || !/^\d+$/.test(value)) return 1;
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

const LEVEL_COLORS: Record<string, string> = { INFO: 'blue', WARN: 'yellow', ERROR: 'red' };

/** The badge colour of an event level (INFO, WARN, ERROR). */
export function levelColor(level: string | undefined): string {
  return (level && LEVEL_COLORS[level.toUpperCase()]) || 'gray';
}
