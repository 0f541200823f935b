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

/** The command class of the jobs upgradeRouterTemplate queues (VirtualNetworkApplianceManagerImpl.rebootRouters). */
export const REBOOT_ROUTER_CMD = 'org.apache.cloudstack.api.command.admin.router.RebootRouterCmd';

/**
 * True for a job that upgradeRouterTemplate queued: a RebootRouterCmd of the system user (the management
 * server submits them itself, with the router's owner as accountid). A reboot an admin asked for is the
 * admin's, so it does not count. `systemUserId` undefined: the system user is not known (then every
 * RebootRouterCmd job that is not `exceptUserId`'s counts).
 */
export function isUpgradeJob(job: Pick<AsyncJob, 'cmd' | 'userid'>, systemUserId?: string, exceptUserId?: string): boolean {
  if (job.cmd !== REBOOT_ROUTER_CMD) return false;
  if (systemUserId !== undefined) return job.userid === systemUserId;
  return exceptUserId === undefined || job.userid !== exceptUserId;
}

/**
 * A job's line. Pending: 'upgrading' when its router is being rebooted (`inTransition`: the router's state
 * is Stopping or Starting, as listRouters shows it), else 'queued' (waiting for a free slot). jobprocstatus
 * is not used: CloudStack leaves it at 0. Finished: done with the router's new version, or failed with
 * CloudStack's errortext.
 */
export function lineOf(job: AsyncJob, inTransition: (routerid: string) => boolean = () => false): ProgressLine {
  const routerid = job.jobinstanceid ?? '';
  if (job.jobstatus === JOB_PENDING) {
    return { jobid: job.jobid, routerid, status: inTransition(routerid) ? 'upgrading' : 'queued' };
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

/**
 * Jobs created no more than this apart belong to the same upgrade: one upgradeRouterTemplate call creates
 * its jobs in one go (the same second), and a selection of routers is a burst of calls.
 */
export const BURST_GAP_MS = 3000;

/**
 * The upgrades still running, found again from listAsyncJobs (after a reload, in another tab): the given
 * upgrade jobs sorted by creation and cut into bursts where two are more than `gap` apart; answers the
 * jobs of every burst that has a pending job. A finished upgrade, however recent, is not part of it.
 */
export function runningUpgradeJobs(jobs: readonly AsyncJob[], gap = BURST_GAP_MS): AsyncJob[] {
  const sorted = jobs.map((j) => ({ j, t: timeOf(j.created) })).sort((a, b) => a.t - b.t);
  const out: AsyncJob[] = [];
  let burst: AsyncJob[] = [];
  let last = NaN;
  const flush = () => {
    if (burst.some((j) => j.jobstatus === JOB_PENDING)) out.push(...burst);
    burst = [];
  };
  for (const { j, t } of sorted) {
    if (burst.length > 0 && !(t - last <= gap)) flush();
    burst.push(j);
    last = t;
  }
  flush();
  return out;
}

/** One line per router: where a router was retried, its latest job wins. Order: as the jobs came. */
export function linesOf(jobs: readonly AsyncJob[], inTransition?: (routerid: string) => boolean): ProgressLine[] {
  const byRouter = new Map<string, { line: ProgressLine; t: number }>();
  for (const j of jobs) {
    const line = lineOf(j, inTransition);
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

/**
 * The time left, in milliseconds, from the durations measured so far: the upgrade has run from its first
 * job's creation to its latest completion and finished `n` routers in that time, so the remaining ones
 * take their share of it at the same pace. Undefined until a router has finished, or once all have.
 * Server times only (created, completed), so a skewed browser clock does not matter.
 */
export function estimateRemainingMs(jobs: readonly AsyncJob[]): number | undefined {
  const created = jobs.map((j) => timeOf(j.created)).filter(Number.isFinite);
  const finished = jobs.filter((j) => j.jobstatus !== JOB_PENDING);
  const completed = finished.map((j) => timeOf(j.completed)).filter(Number.isFinite);
  const left = jobs.length - finished.length;
  if (created.length === 0 || completed.length === 0 || left === 0) return undefined;
  const elapsed = Math.max(...completed) - Math.min(...created);
  if (!(elapsed > 0)) return undefined;
  return Math.round((elapsed / completed.length) * left);
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
