import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentUser } from '../../api/queries/useCurrentUser';
import { useJobsTracker } from '../../api/queries/useJobsTracker';
import { getRouters } from '../../api/queries/useRouters';
import { systemUserQueryOptions } from '../../api/queries/useSystemUser';
import { JOB_PENDING, JOB_SUCCEEDED, type AsyncJob, type Router } from '../../api/schemas';
import { estimateRemainingMs, isUpgradeJob, linesOf, runningUpgradeJobs, summarize, type ProgressLine, type ProgressSummary } from './upgradeProgress';

export interface UpgradeTracker {
  lines: ProgressLine[];
  summary: ProgressSummary;
  /** Milliseconds left at the pace measured so far; undefined before the first router finished. */
  remainingMs: number | undefined;
  /** True while there is an upgrade to show (running, or finished and not yet dismissed). */
  visible: boolean;
  /** Adds the jobs of a new upgrade call. */
  track(jobids: readonly string[]): void;
  dismiss(): void;
  error: unknown;
}

/** Routers being stopped or started right now (two small listRouters calls), to tell upgrading from queued. */
async function routersInTransition(signal?: AbortSignal): Promise<string[]> {
  const [stopping, starting] = await Promise.all([getRouters({ state: 'Stopping' }, signal), getRouters({ state: 'Starting' }, signal)]);
  return [...stopping, ...starting].map((r) => r.id);
}

/**
 * Follows router upgrades: the RebootRouterCmd jobs that upgradeRouterTemplate queues as the system user
 * (VirtualNetworkApplianceManagerImpl.rebootRouters), one per router. An upgrade is the jobs of the call(s)
 * that started it; after a reload or in another tab, the upgrades still running are found in
 * listAsyncJobs listall=true (bursts of such jobs with one pending). A router is "upgrading" while it is
 * Stopping or Starting, else "queued" (jobprocstatus is not used: CloudStack leaves it at 0). Each finished
 * router's new state is written into the cached router list, so versions and counts change live.
 */
export function useUpgradeTracker(): UpgradeTracker {
  const client = useQueryClient();
  const systemUser = useQuery(systemUserQueryOptions);
  const me = useCurrentUser();
  const systemUserId = systemUser.data?.id;
  const myUserId = me.data?.userid;
  const match = useCallback((j: AsyncJob) => isUpgradeJob(j, systemUserId, myUserId), [systemUserId, myUserId]);
  const discover = useCallback((jobs: AsyncJob[]) => runningUpgradeJobs(jobs), []);
  const tracker = useJobsTracker({ match, discover });

  const transition = useQuery({
    queryKey: ['listRouters', 'transition'] as const,
    queryFn: ({ signal }) => routersInTransition(signal),
    enabled: tracker.running,
    refetchInterval: tracker.running ? 1000 : false,
  });
  const moving = useMemo(() => new Set(transition.data ?? []), [transition.data]);
  const lines = useMemo(() => linesOf(tracker.jobs, (id) => moving.has(id)), [tracker.jobs, moving]);
  const summary = useMemo(() => {
    const s = summarize(lines);
    // A tracked job not seen yet counts as queued.
    const unseen = tracker.size - tracker.jobs.length;
    return unseen > 0 ? { ...s, total: s.total + unseen, queued: s.queued + unseen, finished: false, percent: Math.floor(((s.done + s.failed) / (s.total + unseen)) * 100) } : s;
  }, [lines, tracker.size, tracker.jobs.length]);
  const remainingMs = useMemo(() => (tracker.jobs.length === tracker.size ? estimateRemainingMs(tracker.jobs) : undefined), [tracker.jobs, tracker.size]);

  // Finished jobs update the cached routers: the job result is the router as it is now.
  const applied = useRef(new Set<string>());
  useEffect(() => {
    const updates = new Map<string, Partial<Router>>();
    for (const j of tracker.jobs) {
      if (j.jobstatus === JOB_PENDING || applied.current.has(j.jobid) || !j.jobinstanceid) continue;
      applied.current.add(j.jobid);
      const router = j.jobstatus === JOB_SUCCEEDED ? (j.jobresult?.router as Partial<Router> | undefined) : undefined;
      updates.set(j.jobinstanceid, { ...(router ?? {}), jobid: undefined, jobstatus: undefined });
    }
    if (updates.size === 0) return;
    client.setQueriesData<Router[]>({ queryKey: ['listRouters', 'all'] }, (old) =>
      old?.map((r) => {
        const u = updates.get(r.id);
        return u ? ({ ...r, ...u } as Router) : r;
      }),
    );
  }, [tracker.jobs, client]);

  // When an upgrade finishes, read the routers again once, so that every field is the server's.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !tracker.running && tracker.size > 0) void client.invalidateQueries({ queryKey: ['listRouters'] });
    wasRunning.current = tracker.running;
  }, [tracker.running, tracker.size, client]);

  return { lines, summary, remainingMs, visible: tracker.size > 0, track: tracker.track, dismiss: tracker.dismiss, error: tracker.error };
}
