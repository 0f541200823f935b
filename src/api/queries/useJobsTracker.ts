import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { JOB_PENDING, type AsyncJob } from '../schemas';
import { cloudStackDate, parseCloudStackDate } from '../../lib/dates';
import { getAsyncJob, useAsyncJobs } from './useAsyncJobs';

/** Jobs the listing has not shown yet are asked for one by one, at most this many per poll. */
const MAX_SINGLE_QUERIES = 20;

export interface JobsTrackerOptions {
  /** The jobs of the kind of work followed (for router upgrades: RebootRouterCmd jobs of the system user). */
  match(job: AsyncJob): boolean;
  /**
   * Of the matching listed jobs, those of work still running that this page should join (after a reload,
   * or work started in another tab). Answer [] to join nothing.
   */
  discover(matching: AsyncJob[]): AsyncJob[];
  /** How far back listAsyncJobs looks for running work; long work needs a long look back. */
  lookbackMs?: number;
  /** Polling while work runs, and while idle (still finding work started elsewhere). */
  fastPollMs?: number;
  idlePollMs?: number;
}

export interface JobsTracker {
  /** The tracked jobs as last seen (a job not seen yet is missing from the list but counts as pending). */
  jobs: AsyncJob[];
  /** How many jobs are tracked. */
  size: number;
  /** True while a tracked job is pending (or not seen yet). */
  running: boolean;
  /** Adds jobs (e.g. the answer of the call that started them). After finished work, starts afresh. */
  track(jobids: readonly string[]): void;
  /** Forgets the tracked jobs. */
  dismiss(): void;
  error: unknown;
}

/**
 * Follows many async jobs at once, for long work made of one job per object (router upgrades, a system VM
 * upgrade of a zone, a certificate roll-out): polls listAsyncJobs listall=true (the jobs may belong to other
 * accounts, e.g. the system user's), asks queryAsyncJobResult for a tracked job the listing does not show
 * yet, and joins running work found in the listing (`discover`) so that a reload or a second tab shows it
 * too. Once the tracked jobs are known, only jobs from their start on are listed.
 */
export function useJobsTracker(options: JobsTrackerOptions): JobsTracker {
  const { match, discover, lookbackMs = 12 * 3600_000, fastPollMs = 1000, idlePollMs = 5000 } = options;
  const client = useQueryClient();
  const [since] = useState(() => cloudStackDate(Date.now() - lookbackMs));
  const [tracked, setTracked] = useState<ReadonlySet<string>>(new Set());
  const runningRef = useRef(false);
  const finishedRef = useRef(false);
  const [batchStart, setBatchStart] = useState<number | undefined>(undefined);
  const startdate = tracked.size > 0 && batchStart !== undefined ? cloudStackDate(batchStart - 1000) : since;
  const listing = useAsyncJobs(startdate, () => (runningRef.current ? fastPollMs : idlePollMs));
  const matching = useMemo(() => (listing.data ?? []).filter(match), [listing.data, match]);
  const listed = useMemo(() => new Map(matching.map((j) => [j.jobid, j])), [matching]);


  const missing = useMemo(() => [...tracked].filter((id) => !listed.has(id)).slice(0, MAX_SINGLE_QUERIES), [tracked, listed]);
  const singles = useQueries({
    queries: missing.map((jobid) => ({
      queryKey: ['queryAsyncJobResult', jobid] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => getAsyncJob(jobid, signal),
      refetchInterval: (q: { state: { data?: AsyncJob } }) => (q.state.data && q.state.data.jobstatus !== JOB_PENDING ? false : fastPollMs),
    })),
  });
  const singleData = singles.map((s) => s.data);
  // The content of singleData (a new array every render): jobid and status of each single job.
  const singleKey = singleData.map((d) => (d ? `${d.jobid}:${d.jobstatus}` : '')).join();
  const [single, setSingle] = useState({ key: '', jobs: new Map<string, AsyncJob>() });
  if (single.key !== singleKey) setSingle({ key: singleKey, jobs: new Map(singleData.flatMap((d) => (d ? [[d.jobid, d] as const] : []))) });

  const jobs = useMemo(() => {
    const out: AsyncJob[] = [];
    for (const id of tracked) {
      const j = listed.get(id) ?? single.jobs.get(id);
      if (j) out.push(j);
    }
    return out;
  }, [tracked, listed, single]);

  // The start of the tracked work: the earliest creation once every tracked job is seen (kept while some are not).
  const times = jobs.map((j) => parseCloudStackDate(j.created)?.getTime() ?? NaN).filter(Number.isFinite);
  const earliest = times.length > 0 && times.length === tracked.size ? Math.min(...times) : undefined;
  if (earliest !== undefined && earliest !== batchStart) setBatchStart(earliest);
  if (tracked.size === 0 && batchStart !== undefined) setBatchStart(undefined);

  const running = tracked.size > 0 && (jobs.length < tracked.size || jobs.some((j) => j.jobstatus === JOB_PENDING));
  const finished = tracked.size > 0 && !running;
  // For the listing's polling interval and the callbacks, which run outside render.
  useEffect(() => {
    runningRef.current = running;
    finishedRef.current = finished;
  }, [running, finished]);

  // Running work started elsewhere joins; after finished work it replaces what is shown.
  useEffect(() => {
    const found = discover(matching);
    if (found.length === 0) return;
    setTracked((prev) => {
      if (found.every((j) => prev.has(j.jobid))) return prev;
      const next = new Set(finishedRef.current ? [] : prev);
      for (const j of found) next.add(j.jobid);
      return next;
    });
  }, [matching, discover]);

  const track = useCallback(
    (jobids: readonly string[]) => {
      const keep = !finishedRef.current;
      setTracked((prev) => new Set([...(keep ? prev : []), ...jobids]));
      void client.invalidateQueries({ queryKey: ['listAsyncJobs'] });
    },
    [client],
  );
  const dismiss = useCallback(() => setTracked(new Set()), []);

  return { jobs, size: tracked.size, running, track, dismiss, error: listing.error };
}
