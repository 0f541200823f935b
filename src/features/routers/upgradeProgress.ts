import type { PlanDetail, PlanRouter } from '../../api/plans';

/** A router's place in an upgrade: waiting its turn, being upgraded, done, failed, or skipped (or cancelled). */
export type LineStatus = 'queued' | 'upgrading' | 'done' | 'failed' | 'skipped';

export interface ProgressLine {
  /** Unique per line: `<planid>/<routerid>` (a router is in at most one active plan). */
  jobid: string;
  planid: string;
  routerid: string;
  /** The router's name as the plan remembers it. */
  name: string;
  status: LineStatus;
  errortext?: string;
  /** The router's version after a successful upgrade. */
  version?: string;
  /** Why a queued router waits (a window, its redundant peer...). */
  waiting?: string;
}

export interface ProgressSummary {
  total: number;
  queued: number;
  upgrading: number;
  done: number;
  failed: number;
  skipped: number;
  /** Finished (done, failed or skipped) out of total, 0..100. */
  percent: number;
  finished: boolean;
}

/**
 * A plan router's line. The runner marks a router `starting` before its upgradeRouterTemplate call and
 * `upgrading` once the call queued its RebootRouterCmd job: both are "upgrading"; `pending` is "queued"
 * (waiting for a free slot, a window or its redundant peer); skipped and cancelled ones are "skipped".
 */
export function planLineOf(planid: string, r: PlanRouter): ProgressLine {
  const base = { jobid: `${planid}/${r.id}`, planid, routerid: r.id, name: r.name };
  switch (r.state) {
    case 'pending':
      return { ...base, status: 'queued', waiting: r.waiting };
    case 'starting':
    case 'upgrading':
      return { ...base, status: 'upgrading' };
    case 'done':
      return { ...base, status: 'done', version: r.version };
    case 'failed':
      return { ...base, status: 'failed', errortext: r.error ?? 'The upgrade failed' };
    default:
      return { ...base, status: 'skipped' };
  }
}

/** The lines of a plan, one per router, in the plan's order. */
export function planLines(plan: Pick<PlanDetail, 'id' | 'routers'>): ProgressLine[] {
  return plan.routers.map((r) => planLineOf(plan.id, r));
}

export function summarize(lines: readonly ProgressLine[]): ProgressSummary {
  const s = { total: lines.length, queued: 0, upgrading: 0, done: 0, failed: 0, skipped: 0 };
  for (const l of lines) s[l.status] += 1;
  const finishedCount = s.done + s.failed + s.skipped;
  return {
    ...s,
    percent: s.total === 0 ? 100 : Math.floor((finishedCount / s.total) * 100),
    finished: s.queued + s.upgrading === 0,
  };
}

/** The routers whose upgrade failed, for "Retry failed". */
export function failedRouterIds(lines: readonly ProgressLine[]): string[] {
  return lines.filter((l) => l.status === 'failed' && l.routerid).map((l) => l.routerid);
}

/**
 * The time left, in milliseconds: the server's estimate of each unfinished wave (its routers left, at the
 * plan's parallelism and the upgrade durations it measured). Undefined until a router of the plans is done
 * (before that the estimate is the default duration, not a measurement) or when nothing is left.
 */
export function remainingOfPlans(plans: readonly Pick<PlanDetail, 'state' | 'waves' | 'routers'>[]): number | undefined {
  if (!plans.some((p) => p.routers.some((r) => r.state === 'done'))) return undefined;
  let seconds = 0;
  for (const p of plans) {
    if (p.state === 'finished' || p.state === 'cancelled') continue;
    for (const w of p.waves) if (w.finished === undefined) seconds += w.estimateseconds;
  }
  return seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

/** "about 3 min left", "about 40 s left", "under 10 s left". */
export function formatRemaining(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 10) return 'under 10 s left';
  if (s < 90) return `about ${Math.round(s / 5) * 5} s left`;
  const min = Math.round(s / 60);
  if (min < 90) return `about ${min} min left`;
  return `about ${(s / 3600).toFixed(1)} h left`;
}
