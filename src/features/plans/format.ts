import type { Plan, PlanRouter, PlanState, Wave } from '../../api/plans';

/** Seconds as a short duration: "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** An instant (ms) in the browser's locale and time zone. */
export function formatInstant(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const PLAN_STATE_COLOR: Record<PlanState, string> = { draft: 'gray', running: 'blue', paused: 'orange', finished: 'green', cancelled: 'dark' };
export const ROUTER_STATE_COLOR: Record<PlanRouter['state'], string> = {
  pending: 'gray', starting: 'blue', upgrading: 'blue', done: 'green', failed: 'red', skipped: 'yellow', cancelled: 'dark',
};

/** Percent of a wave's routers that are over (done, failed or skipped), 0-100. */
export function wavePercent(w: Pick<Wave, 'total' | 'done' | 'failed' | 'skipped'>): number {
  return w.total ? Math.round(((w.done + w.failed + w.skipped) / w.total) * 100) : 100;
}

/** The whole plan's percent over all waves. */
export function planPercent(p: Pick<Plan, 'waves'>): number {
  const total = p.waves.reduce((a, w) => a + w.total, 0);
  const over = p.waves.reduce((a, w) => a + w.done + w.failed + w.skipped, 0);
  return total ? Math.round((over / total) * 100) : 100;
}

/** "Wave 2 of 5: pod1 (zone1)", or what the plan is at when no wave runs. */
export function currentWaveText(p: Plan): string {
  if (p.state === 'finished') return 'All waves over';
  if (p.state === 'cancelled') return 'Cancelled';
  const w = p.waves[p.currentwave];
  return w ? `Wave ${p.currentwave + 1} of ${p.waves.length}: ${w.name}` : '—';
}

/** What the plan waits for, in words, with the next window when it is outside one. */
export function nextWindowText(p: Plan, now: number): string {
  if (p.windows.length === 0) return 'Any time (no window)';
  const open = p.openings.find((o) => o.start <= now && now < o.end);
  if (open) return `Open until ${formatInstant(open.end)}`;
  if (p.nextwindow) return formatInstant(p.nextwindow);
  const next = p.openings.find((o) => o.start > now);
  return next ? formatInstant(next.start) : 'None within 60 days';
}

/** Positions (percent of the span) of an interval on a timeline from `from` to `to`. */
export function spanPercent(start: number, end: number, from: number, to: number): { left: number; width: number } {
  const len = Math.max(1, to - from);
  const l = Math.min(100, Math.max(0, ((start - from) / len) * 100));
  const r = Math.min(100, Math.max(0, ((end - from) / len) * 100));
  return { left: l, width: Math.max(0.5, r - l) };
}
