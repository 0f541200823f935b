/**
 * A count with its noun, singular for exactly one: `count(1, 'event')` is "1 event", `count(3, 'event')` is
 * "3 events", `count(1234, 'router')` is "1,234 routers" (the number in the browser's locale, as toLocaleString).
 * `many` is the plural when it is not `one` + "s" (`count(2, 'entry', 'entries')`).
 */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n.toLocaleString()} ${plural(n, one, many)}`;
}

/** The noun alone for a count: `one` for exactly 1, else `many` (default `one` + "s"). */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return n === 1 ? one : many;
}
