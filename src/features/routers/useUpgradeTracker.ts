import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { createPlan, getPlan, listPlans, PlanApiError, planAction } from '../../api/plansClient';
import type { Plan, PlanDetail } from '../../api/plans';
import type { Router } from '../../api/schemas';
import { planLines, remainingOfPlans, summarize, type ProgressLine, type ProgressSummary } from './upgradeProgress';

/** The routers screen follows the server's plans every second while an upgrade runs (every 5 s otherwise). */
export const UPGRADE_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;

/** A plan shown in the upgrade panel. */
export interface ShownPlan {
  id: string;
  name: string;
  state: Plan['state'];
  pausereason?: string;
  /** What the runner waits for now (a window, a redundant peer...). */
  waiting?: string;
}

export interface UpgradeTracker {
  lines: ProgressLine[];
  summary: ProgressSummary;
  /** Milliseconds left, from the server's estimate at the durations measured so far; undefined before the first router is done. */
  remainingMs: number | undefined;
  /** True while there is an upgrade to show (running or paused, or finished and not yet dismissed). */
  visible: boolean;
  /** The plans behind the lines: their names, states and pause reasons. */
  plans: ShownPlan[];
  dismiss(): void;
  /** Retries the failed routers of the plans shown, and runs those plans again at once. */
  retryFailed(): void;
  retrying: boolean;
  retryError: unknown;
  /** The plan API could not be read (a network failure, a 5xx); it is asked again at the next poll. */
  error: unknown;
}

const isActive = (p: Pick<Plan, 'state'>) => p.state === 'running' || p.state === 'paused';
/** A caller who may not see plans (not a root admin): nothing to show, and no error. */
const notForMe = (err: unknown) => err instanceof PlanApiError && (err.status === 401 || err.status === 403);

/**
 * Follows router upgrades as the server runs them: every upgrade is an upgrade plan (the one-click Upgrade
 * makes a plan of one wave, started at once; see useStartUpgradePlan), so every admin's browser sees the same
 * upgrades, and they go on when a browser is closed. The hook polls the plan list (GET /client/console/plans)
 * and the detail of the plans shown: the running and paused plans; once none is, the last ones seen running,
 * until dismissed (a new upgrade replaces them). Each router done is written into the cached router list
 * (its new version, no longer requiring an upgrade), and the list is read again once the upgrade is over.
 * `enabled: false` (a caller who is not a root admin: the plan API answers them 403) asks nothing and shows
 * nothing.
 */
export function useUpgradeTracker({ enabled = true }: { enabled?: boolean } = {}): UpgradeTracker {
  const client = useQueryClient();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  // The plans of the last upgrade seen running: kept from an earlier render (state set while rendering,
  // only when it changes), so that once none runs the panel still shows how they ended.
  const [episode, setEpisode] = useState<readonly string[]>([]);

  const list = useQuery({
    queryKey: ['plans'] as const,
    queryFn: ({ signal }) => listPlans(signal),
    // Every second while any plan runs (its routers' progress), slower when none does.
    refetchInterval: (q) => (notForMe(q.state.error) ? false : (q.state.data ?? []).some(isActive) ? UPGRADE_POLL_MS : IDLE_POLL_MS),
    retry: (n, err) => !notForMe(err) && n < 2,
    enabled,
  });

  const active = useMemo(() => (list.data ?? []).filter(isActive).map((p) => p.id), [list.data]);
  if (active.length > 0 && active.join(',') !== episode.join(',')) setEpisode(active);
  // The plans running now; once none is, the ones last seen running (a new upgrade replaces them).
  const current = active.length > 0 ? active : episode;
  const shownIds = useMemo(() => {
    const known = new Set((list.data ?? []).map((p) => p.id));
    return current.filter((id) => known.has(id) && !dismissed.has(id));
  }, [list.data, current, dismissed]);
  const summaries = useMemo(() => new Map((list.data ?? []).map((p) => [p.id, p])), [list.data]);

  const details = useQueries({
    queries: shownIds.map((id) => ({
      queryKey: ['plans', id] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => getPlan(id, signal),
      refetchInterval: (q: { state: { data?: PlanDetail } }) => (q.state.data && !isActive(q.state.data) ? false : UPGRADE_POLL_MS),
      enabled,
    })),
  });
  const plans = useMemo(() => details.flatMap((d) => (d.data ? [d.data] : [])), [details]);
  // A plan changed since its detail was read (a retry ran a finished plan again): read the detail again.
  useEffect(() => {
    for (const p of plans) {
      const listed = summaries.get(p.id);
      if (listed && listed.updated > p.updated) void client.invalidateQueries({ queryKey: ['plans', p.id], exact: true });
    }
  }, [plans, summaries, client]);
  // Until a plan's detail is read, its summary stands in (no lines yet).
  const lines = useMemo(() => plans.flatMap(planLines), [plans]);
  const summary = useMemo(() => {
    const s = summarize(lines);
    const waiting = shownIds.filter((id) => !plans.some((p) => p.id === id)).reduce((n, id) => n + (summaries.get(id)?.waves.reduce((a, w) => a + w.total, 0) ?? 0), 0);
    const paused = plans.some((p) => p.state === 'paused');
    if (!waiting && !paused) return s;
    return { ...s, total: s.total + waiting, queued: s.queued + waiting, finished: false, percent: s.total + waiting ? Math.floor(((s.done + s.failed + s.skipped) / (s.total + waiting)) * 100) : 0 };
  }, [lines, plans, shownIds, summaries]);
  const remainingMs = useMemo(() => (summary.finished ? undefined : remainingOfPlans(plans)), [plans, summary.finished]);

  // Routers done update the cached routers: no longer requiring an upgrade, on their new version.
  const applied = useRef(new Set<string>());
  useEffect(() => {
    const updates = new Map<string, Partial<Router>>();
    for (const l of lines) {
      if (l.status !== 'done' || applied.current.has(l.jobid)) continue;
      applied.current.add(l.jobid);
      updates.set(l.routerid, { requiresupgrade: false, jobid: undefined, jobstatus: undefined, ...(l.version ? { version: l.version } : {}) });
    }
    if (updates.size === 0) return;
    client.setQueriesData<Router[]>({ queryKey: ['listRouters', 'all'] }, (old) =>
      old?.map((r) => {
        const u = updates.get(r.id);
        return u ? ({ ...r, ...u } as Router) : r;
      }),
    );
  }, [lines, client]);

  // When an upgrade is over, read the routers again once, so that every field is the server's.
  const wasRunning = useRef(false);
  const running = lines.length > 0 && !summary.finished;
  useEffect(() => {
    if (wasRunning.current && !running) void client.invalidateQueries({ queryKey: ['listRouters'] });
    wasRunning.current = running;
  }, [running, client]);

  const retry = useMutation({
    mutationFn: async (targets: string[]) => {
      for (const id of targets) await planAction(id, 'retry', undefined, { resume: true });
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['plans'] }),
  });
  const retryMutate = retry.mutate;
  const retryFailed = useCallback(() => {
    retryMutate(plans.filter((p) => p.routers.some((r) => r.state === 'failed')).map((p) => p.id));
  }, [plans, retryMutate]);
  const dismiss = useCallback(() => setDismissed((prev) => new Set([...prev, ...shownIds])), [shownIds]);

  const error = (list.error && !notForMe(list.error) ? list.error : undefined) ?? details.find((d) => d.error)?.error ?? null;
  return {
    lines, summary, remainingMs, visible: shownIds.length > 0,
    plans: shownIds.map((id) => {
      const p = plans.find((x) => x.id === id) ?? summaries.get(id)!;
      return { id, name: p.name, state: p.state, pausereason: p.pausereason, waiting: p.waiting };
    }),
    dismiss, retryFailed, retrying: retry.isPending, retryError: retry.error, error,
  };
}

/** What a one-click Upgrade asks for: the routers (the Running outdated ones of a group, a selection, one router) and what they are, in words. */
export interface OneClickUpgrade {
  /** "pod Pod 1 (Zone 1)", "the 3 selected", "router r-12-VM". */
  what: string;
  routerids: string[];
}

/**
 * The most upgrades at once a one-click plan asks for: the plan API gives it no more than the server allows
 * (the runner's limit, the simulator's --upgrade-parallel or PLANS_MAX_PARALLEL).
 */
const AS_MANY_AS_ALLOWED = 1000;

/**
 * The one-click Upgrade: a plan of one wave, started now, with no window, as many upgrades at once as the
 * server allows, every router tried (the failure budget is the number of routers) and the health gate of
 * redundant pairs on. The server runs it with the admin's API keys: when the admin has none, they are generated
 * (registerUserKeys), as the confirmation says. Answers the plan.
 */
export function useStartUpgradePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ what, routerids }: OneClickUpgrade) =>
      createPlan({
        name: `Upgrade ${what}`, start: true, registerkeys: true, parallel: AS_MANY_AS_ALLOWED, failurebudget: routerids.length,
        soakminutes: 0, healthgate: true, windows: [], ownerwindows: [], waves: [{ name: what, canary: false, routerids }],
      }),
    onSuccess: (plan) => {
      client.setQueryData<Plan[]>(['plans'], (old) => [plan, ...(old ?? []).filter((p) => p.id !== plan.id)]);
      client.setQueryData(['plans', plan.id], plan);
      void client.invalidateQueries({ queryKey: ['plans'], exact: true });
    },
  });
}
