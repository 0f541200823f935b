import type { AsyncJob } from '../../api/schemas';
import { JOB_PENDING, JOB_SUCCEEDED } from '../../api/schemas';
import { parseCloudStackDate } from '../../lib/dates';

export type LineStatus = 'queued' | 'upgrading' | 'done' | 'failed';

export interface ProgressLine {
  jobid: string;
  routerid: string;
  status: LineStatus;
  errortext?: string;
  /** The router's version after a successful upgrade. */
  version?: string;
}

export interface ProgressSummary {
  total: number;
  queued: number;
  upgrading: number;
  done: number;
  failed: number;
  /** Finished (done or failed) out of total, 0..100. */
  percent: number;
  finished: boolean;
}

/** True for the jobs upgradeRouterTemplate starts (one per router). */
export function isUpgradeJob(job: Pick<AsyncJob, 'cmd'>): boolean {
  return (job.cmd ?? '').endsWith('UpgradeRouterTemplateCmd');
}

/**
 * A job's line: pending and not yet past its first step is queued (waiting for a free slot of the
 * parallel limit), pending beyond that is upgrading, then done or failed with CloudStack's errortext.
 */
export function lineOf(job: AsyncJob): ProgressLine {
  const routerid = job.jobinstanceid ?? '';
  if (job.jobstatus === JOB_PENDING) {
    return { jobid: job.jobid, routerid, status: (job.jobprocstatus ?? 0) > 0 ? 'upgrading' : 'queued' };
  }
  if (job.jobstatus === JOB_SUCCEEDED) {
    const router = (job.jobresult?.router ?? undefined) as { version?: string } | undefined;
    return { jobid: job.jobid, routerid, status: 'done', version: router?.version };
  }
  const errortext = typeof job.jobresult?.errortext === 'string' ? job.jobresult.errortext : `The job failed (code ${job.jobresultcode ?? '?'})`;
  return { jobid: job.jobid, routerid, status: 'failed', errortext };
}

export function summarize(lines: readonly ProgressLine[]): ProgressSummary {
  const s = { total: lines.length, queued: 0, upgrading: 0, done: 0, failed: 0 };
  for (const l of lines) s[l.status] += 1;
  const finishedCount = s.done + s.failed;
  return {
    ...s,
    percent: s.total === 0 ? 100 : Math.floor((finishedCount / s.total) * 100),
    finished: s.queued + s.upgrading === 0,
  };
}

/** A CloudStack date as milliseconds; NaN when there is none. */
function timeOf(value: string | undefined): number {
  return parseCloudStackDate(value)?.getTime() ?? NaN;
}

export { cloudStackDate } from '../../lib/dates';

/** Jobs created no more than this apart belong to the same upgrade (one call, or a call per selected router). */
export const BATCH_GAP_MS = 5 * 60_000;

/**
 * The latest upgrade that is still running, found again from listAsyncJobs: the upgrade jobs sorted by
 * creation, cut where two are more than `gap` apart; the last run of jobs if any of it is pending.
 */
export function runningBatch(jobs: readonly AsyncJob[], gap = BATCH_GAP_MS): AsyncJob[] {
  const upgrades = jobs
    .filter(isUpgradeJob)
    .map((j) => ({ j, t: timeOf(j.created) }))
    .sort((a, b) => a.t - b.t);
  if (upgrades.length === 0) return [];
  let start = upgrades.length - 1;
  while (start > 0 && !(upgrades[start]!.t - upgrades[start - 1]!.t > gap)) start -= 1;
  const batch = upgrades.slice(start).map((x) => x.j);
  return batch.some((j) => j.jobstatus === JOB_PENDING) ? batch : [];
}

/** One line per router: where a router was retried, its latest job wins. Order: as the jobs came. */
export function linesOf(jobs: readonly AsyncJob[]): ProgressLine[] {
  const byRouter = new Map<string, { line: ProgressLine; t: number }>();
  for (const j of jobs) {
    const line = lineOf(j);
    const t = timeOf(j.created);
    const key = line.routerid || line.jobid;
    const prev = byRouter.get(key);
    if (!prev || !(t < prev.t)) {
      if (prev) byRouter.delete(key);
      byRouter.set(key, { line, t });
    }
  }
  return [...byRouter.values()].map((x) => x.line);
}

/** The routers whose latest upgrade failed, for "Retry failed". */
export function failedRouterIds(lines: readonly ProgressLine[]): string[] {
  return lines.filter((l) => l.status === 'failed' && l.routerid).map((l) => l.routerid);
}
