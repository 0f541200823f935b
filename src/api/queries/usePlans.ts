import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createPlan, getPlan, listPlans, planAction, type PlanActionName } from '../plansClient';
import type { CreatePlanInput } from '../plans';

/** Plans are run by the server; the screen follows them every 2 s while it is open. */
const POLL_MS = 2000;

export const plansQueryOptions = () => queryOptions({ queryKey: ['plans'] as const, queryFn: ({ signal }) => listPlans(signal), refetchInterval: POLL_MS });
export const planQueryOptions = (id: string) => queryOptions({ queryKey: ['plans', id] as const, queryFn: ({ signal }) => getPlan(id, signal), refetchInterval: POLL_MS });

export const usePlans = () => useQuery(plansQueryOptions());
export const usePlan = (id: string | undefined) => useQuery({ ...planQueryOptions(id ?? ''), enabled: !!id });

/** Creates a plan (saved as a draft, or started); the plan list refreshes. */
export function useCreatePlan() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CreatePlanInput) => createPlan(body), onSuccess: () => void qc.invalidateQueries({ queryKey: ['plans'] }) });
}

/** start, pause, resume, cancel, retry or skip; the runner applies it at its next tick. */
export function usePlanAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { action: PlanActionName; routerids?: string[] }) => planAction(id, a.action, a.routerids),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['plans'] }),
  });
}
