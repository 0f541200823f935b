import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { getAsyncJob, useAsyncJobs } from '../../api/queries/useAsyncJobs';
import { JOB_PENDING, JOB_SUCCEEDED, type AsyncJob, type Router } from '../../api/schemas';
import { parseCloudStackDate } from '../../lib/dates';
import { cloudStackDate, isUpgradeJob, linesOf, runningBatch, summarize, type ProgressLine, type ProgressSummary } from './upgradeProgress';

/** How far back listAsyncJobs looks for an upgrade still running (a 10,000-router upgrade takes a while). */
const LOOKBACK_MS = 12 * 3600_000;
/** Jobs the listing has not shown yet are asked for one by one, at most this many per poll. */
const MAX_SINGLE_QUERIES = 20;
const IDLE_POLL_MS = 5000;

export interface UpgradeTracker {
  lines: ProgressLine[];
  summary: ProgressSummary;
  /** True while there is an upgrade to show (running, or finished and not yet dismissed). */
  visible: boolean;
  /** Adds the jobs of a new upgrade call. */
  track(jobids: readonly string[]): void;
  dismiss(): void;
  error: unknown;
}

/**
 * Follows the router upgrade jobs: polls listAsyncJobs (and queryAsyncJobResult for a job the listing
 * does not have yet), finds a running upgrade again after a reload or in another tab, and writes each
 * finished router's new state into the cached router list, so that versions and counts change live.
 */
export function useUpgradeTracker(): UpgradeTracker {
  const client = useQueryClient();
  const [since] = useState(() => cloudStackDate(Date.now() - LOOKBACK_MS));
  const [tracked, setTracked] = useState<ReadonlySet<string>>(new Set());
  const trackedRef = useRef(tracked);
  trackedRef.current = tracked;

  // Fast while an upgrade runs here; slower otherwise, still finding one started in another tab.
  const runningRef = useRef(false);
  // Once the upgrade's jobs are known, only jobs from its start on are listed (server time, from the jobs).
  const [batchStart, setBatchStart] = useState<number | undefined>(undefined);
  const startdate = tracked.size > 0 && batchStart !== undefined ? cloudStackDate(batchStart - 1000) : since;
  const jobs = useAsyncJobs(startdate, () => (runningRef.current ? 1000 : IDLE_POLL_MS));
  const listed = useMemo(() => new Map((jobs.data ?? []).filter(isUpgradeJob).map((j) => [j.jobid, j])), [jobs.data]);

  // A running upgrade started elsewhere (before a reload, in another tab) joins the panel.
  useEffect(() => {
    if (!jobs.data) return;
    const batch = runningBatch(jobs.data);
    if (batch.length === 0) return;
    setTracked((prev) => {
      if (batch.every((j) => prev.has(j.jobid))) return prev;
      const next = new Set(finishedRef.current ? [] : prev);
      for (const j of batch) next.add(j.jobid);
      return next;
    });
  }, [jobs.data, listed]);

  const missing = useMemo(() => [...tracked].filter((id) => !listed.has(id)).slice(0, MAX_SINGLE_QUERIES), [tracked, listed]);
  const singles = useQueries({
    queries: missing.map((jobid) => ({
      queryKey: ['queryAsyncJobResult', jobid] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => getAsyncJob(jobid, signal),
      refetchInterval: (q: { state: { data?: AsyncJob } }) => (q.state.data && q.state.data.jobstatus !== JOB_PENDING ? false : 1000),
    })),
  });

  const singleData = singles.map((s) => s.data);
  const singleKey = singleData.map((d) => (d ? `${d.jobid}:${d.jobstatus}` : '')).join();
  const singleRef = useRef(singleData);
  singleRef.current = singleData;
  const trackedJobs = useMemo(() => {
    const single = new Map(singleRef.current.flatMap((d) => (d ? [[d.jobid, d] as const] : [])));
    const out: AsyncJob[] = [];
    for (const id of tracked) {
      const j = listed.get(id) ?? single.get(id);
      if (j) out.push(j);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- singleKey stands for the content of singleRef (jobid and status of each single job), which a new array every render would not
  }, [tracked, listed, singleKey]);

  useEffect(() => {
    const times = trackedJobs.map((j) => parseCloudStackDate(j.created)?.getTime() ?? NaN).filter(Number.isFinite);
    const earliest = times.length > 0 && times.length === tracked.size ? Math.min(...times) : undefined;
    if (earliest !== undefined && earliest !== batchStart) setBatchStart(earliest);
    if (tracked.size === 0 && batchStart !== undefined) setBatchStart(undefined);
  }, [trackedJobs, tracked.size, batchStart]);

  const lines = useMemo(() => linesOf(trackedJobs), [trackedJobs]);
  // A tracked job not seen yet counts as still running.
  const summary = useMemo(() => {
    const s = summarize(lines);
    return trackedJobs.length < tracked.size ? { ...s, finished: false } : s;
  }, [lines, trackedJobs.length, tracked.size]);
  runningRef.current = tracked.size > 0 && !summary.finished;
  const finishedRef = useRef(summary.finished);
  finishedRef.current = summary.finished;

  // Finished jobs update the cached routers: the job result is the router as it is now.
  const applied = useRef(new Set<string>());
  useEffect(() => {
    const updates = new Map<string, Partial<Router>>();
    for (const j of trackedJobs) {
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
  }, [trackedJobs, client]);

  // When an upgrade finishes, read the routers again once, so that every field is the server's.
  const wasRunning = useRef(false);
  useEffect(() => {
    const running = tracked.size > 0 && !summary.finished;
    if (wasRunning.current && !running && tracked.size > 0) void client.invalidateQueries({ queryKey: ['listRouters'] });
    wasRunning.current = running;
  }, [summary.finished, tracked.size, client]);

  const track = useCallback(
    (jobids: readonly string[]) => {
      // A new upgrade joins one still running; after a finished one it starts a fresh panel.
      const keep = !finishedRef.current;
      setTracked((prev) => new Set([...(keep ? prev : []), ...jobids]));
      void client.invalidateQueries({ queryKey: ['listAsyncJobs'] });
    },
    [client],
  );

  const dismiss = useCallback(() => setTracked(new Set()), []);

  return { lines, summary, visible: tracked.size > 0, track, dismiss, error: jobs.error };
}
