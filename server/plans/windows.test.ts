import { describe, expect, it } from 'vitest';
import { findOverlap, nextOpening, openUntil, windowAt } from './windows';
import type { PlanWindow } from '../../src/api/plans';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('windows', () => {
  const berlinNights: PlanWindow = { days: ['tue', 'thu'], start: '22:00', minutes: 240, timezone: 'Europe/Berlin' };

  it('opens on the listed local weekdays at the local start, across midnight', () => {
    // Tuesday 2026-03-10 22:00 in Berlin is 21:00 UTC (CET, +01:00).
    expect(iso(windowAt(berlinNights, at('2026-03-10T21:00:00Z'))?.start)).toBe('2026-03-10T21:00:00.000Z');
    expect(windowAt(berlinNights, at('2026-03-10T20:59:59Z'))).toBeUndefined();
    // Past local midnight, Wednesday 00:30 local, the Tuesday window still runs until 02:00 local.
    expect(iso(windowAt(berlinNights, at('2026-03-10T23:30:00Z'))?.end)).toBe('2026-03-11T01:00:00.000Z');
    expect(windowAt(berlinNights, at('2026-03-11T01:00:00Z'))).toBeUndefined();
    // Not on Wednesday night.
    expect(windowAt(berlinNights, at('2026-03-11T21:30:00Z'))).toBeUndefined();
  });

  it('follows daylight saving: the same local start is an hour earlier in UTC in summer', () => {
    // Berlin moves to CEST (+02:00) on 2026-03-29. Tuesday 2026-03-31 22:00 local is 20:00 UTC.
    expect(iso(nextOpening([[berlinNights]], at('2026-03-27T12:00:00Z')))).toBe('2026-03-31T20:00:00.000Z');
    expect(iso(nextOpening([[berlinNights]], at('2026-03-20T12:00:00Z')))).toBe('2026-03-24T21:00:00.000Z');
  });

  it('a window over the spring-forward night lasts its minutes of real time', () => {
    // Sunday 2026-03-29 01:00 local (+01:00) = 00:00 UTC; 3 local hours would be 04:00 CEST, but 180 real minutes end 03:00 UTC = 05:00 CEST.
    const w: PlanWindow = { days: ['sun'], start: '01:00', minutes: 180, timezone: 'Europe/Berlin' };
    const o = windowAt(w, at('2026-03-29T01:30:00Z'))!;
    expect(iso(o.start)).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(o.end)).toBe('2026-03-29T03:00:00.000Z');
  });

  it('a start inside the spring-forward gap opens right after the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29; luxon resolves it to 03:30 CEST = 01:30 UTC.
    const w: PlanWindow = { days: ['sun'], start: '02:30', minutes: 60, timezone: 'Europe/Berlin' };
    expect(iso(nextOpening([[w]], at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a start in the repeated hour of autumn opens once', () => {
    // 2026-10-25 02:30 happens twice in Berlin; the window opens once.
    const w: PlanWindow = { days: ['sun'], start: '02:30', minutes: 30, timezone: 'Europe/Berlin' };
    const first = nextOpening([[w]], at('2026-10-24T12:00:00Z'))!;
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(iso(first));
    expect(iso(nextOpening([[w]], first + 31 * 60_000))).toBe('2026-11-01T01:30:00.000Z');
  });

  it('several sets must all be open: the plan window and a customer window in another zone', () => {
    const plan: PlanWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '20:00', minutes: 600, timezone: 'UTC' };
    // A customer in New York allows Tuesdays 23:00-01:00 local (EDT in June, -04:00): 03:00-05:00 UTC Wednesday.
    const customer: PlanWindow = { days: ['tue'], start: '23:00', minutes: 120, timezone: 'America/New_York' };
    const t = at('2026-06-01T12:00:00Z'); // a Monday
    expect(iso(nextOpening([[plan], [customer]], t))).toBe('2026-06-03T03:00:00.000Z');
    expect(openUntil([[plan], [customer]], at('2026-06-03T04:00:00Z'))).toBe(at('2026-06-03T05:00:00Z'));
    expect(openUntil([[plan], []], at('2026-06-02T04:00:00Z'))).toBe(at('2026-06-02T06:00:00Z'));
    expect(openUntil([[], []], t)).toBe(Infinity);
    // A customer window that never meets the plan's: none within the horizon.
    const sunday: PlanWindow = { days: ['sun'], start: '12:00', minutes: 60, timezone: 'UTC' };
    expect(nextOpening([[plan], [sunday]], t)).toBeUndefined();
  });

  it('finds overlapping windows, also across time zones, and accepts touching ones', () => {
    const a: PlanWindow = { days: ['mon'], start: '22:00', minutes: 120, timezone: 'UTC' };
    const touching: PlanWindow = { days: ['tue'], start: '00:00', minutes: 60, timezone: 'UTC' };
    const overlapping: PlanWindow = { days: ['mon'], start: '23:30', minutes: 60, timezone: 'Europe/London' };
    const t = at('2026-01-05T00:00:00Z');
    expect(findOverlap([a, touching], t)).toBeUndefined();
    expect(findOverlap([a, touching, overlapping], t)).toEqual([0, 2]);
    expect(findOverlap([{ days: ['mon', 'tue'], start: '00:00', minutes: 1500, timezone: 'UTC' }], t)).toEqual([0, 0]);
  });
});
