/**
 * Maintenance windows in their own time zones, daylight saving included (luxon does the zone arithmetic).
 *
 * A window {days, start, minutes, timezone} opens on each listed local weekday at the local wall-clock time
 * `start`; when that time does not exist (the spring-forward gap) it opens at the first instant after the gap,
 * as luxon resolves it. It stays open for `minutes` of real time. All instants are ms since the epoch.
 */
import { DateTime } from 'luxon';
import { WEEKDAYS, type PlanWindow } from '../../src/api/plans';

export interface Interval {
  start: number;
  end: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The openings of `w` whose local start date lies in [from - lookbackDays, from + aheadDays], in order. */
export function occurrences(w: PlanWindow, from: number, lookbackDays: number, aheadDays: number): Interval[] {
  const [hh, mm] = w.start.split(':').map(Number) as [number, number];
  const base = DateTime.fromMillis(from, { zone: w.timezone }).startOf('day');
  const out: Interval[] = [];
  for (let d = -lookbackDays; d <= aheadDays; d++) {
    const day = base.plus({ days: d });
    if (!w.days.includes(WEEKDAYS[day.weekday - 1]!)) continue;
    const start = day.set({ hour: hh, minute: mm, second: 0, millisecond: 0 }).toMillis();
    out.push({ start, end: start + w.minutes * 60_000 });
  }
  return out;
}

/** The opening of `w` that contains instant `t`, if any. */
export function windowAt(w: PlanWindow, t: number): Interval | undefined {
  const back = Math.ceil(w.minutes / 1440) + 1;
  return occurrences(w, t, back, 0).find((o) => o.start <= t && t < o.end);
}

/** The opening among `ws` that contains `t` and lasts longest (undefined when none is open). */
export function openingAt(ws: readonly PlanWindow[], t: number): Interval | undefined {
  let best: Interval | undefined;
  for (const w of ws) {
    const o = windowAt(w, t);
    if (o && (!best || o.end > best.end)) best = o;
  }
  return best;
}

/**
 * Whether every set of windows is open at `t` (an empty set places no constraint), and until when all stay
 * open (Infinity when no set constrains). `sets` are, e.g., [the plan's windows, the router's account windows].
 */
export function openUntil(sets: readonly (readonly PlanWindow[])[], t: number): number | undefined {
  let until = Infinity;
  for (const ws of sets) {
    if (ws.length === 0) continue;
    const o = openingAt(ws, t);
    if (!o) return undefined;
    until = Math.min(until, o.end);
  }
  return until;
}

/**
 * The first instant at or after `t` when every set is open together, looking `horizonDays` ahead
 * (undefined when there is none in that span, e.g. windows of two customers that never meet).
 */
export function nextOpening(sets: readonly (readonly PlanWindow[])[], t: number, horizonDays = 15): number | undefined {
  if (openUntil(sets, t) !== undefined) return t;
  const candidates: number[] = [];
  for (const ws of sets) for (const w of ws) for (const o of occurrences(w, t, 0, horizonDays + 1)) if (o.start > t && o.start <= t + horizonDays * DAY_MS) candidates.push(o.start);
  candidates.sort((a, b) => a - b);
  for (const c of candidates) if (openUntil(sets, c) !== undefined) return c;
  return undefined;
}

/**
 * The first pair of windows in `ws` whose openings overlap within two weeks from `from`, as indexes [i, j]
 * with i < j; undefined when none do. A list of windows must not overlap itself (an overlap is an input error).
 */
export function findOverlap(ws: readonly PlanWindow[], from: number): [number, number] | undefined {
  const occ = ws.map((w) => occurrences(w, from, 8, 15));
  for (let j = 0; j < ws.length; j++) {
    for (let i = 0; i < j; i++) {
      for (const a of occ[i]!) for (const b of occ[j]!) if (a.start < b.end && b.start < a.end) return [i, j];
    }
  }
  // One window whose openings overlap each other (e.g. daily, 30 hours long).
  for (let i = 0; i < ws.length; i++) {
    const o = occ[i]!;
    for (let k = 1; k < o.length; k++) if (o[k]!.start < o[k - 1]!.end) return [i, i];
  }
  return undefined;
}
