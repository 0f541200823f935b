/**
 * The app's client of the plan API (/client/console/plans, the console's own JSON API; see src/api/plans.ts).
 * Every answer is validated with its zod schema; a 4xx becomes a PlanApiError naming the field at fault.
 */
import { z } from 'zod';
import { fetchConsoleApi } from './transport';
import {
  draftSchema, dryRunSchema, planDetailSchema, planErrorSchema, planListSchema, PLANS_API,
  type CreatePlanInput, type Draft, type DraftRequest, type DryRun, type Plan, type PlanDetail,
} from './plans';

/** An answer of the plan API that is not a success: its status, the field at fault (a dotted path) and why. */
export class PlanApiError extends Error {
  constructor(readonly status: number, readonly field: string | undefined, message: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'PlanApiError';
  }
}

async function request<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetchConsoleApi(`${PLANS_API}${path}`, { method, body, signal });
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new PlanApiError(res.status, undefined, `The plan API answered HTTP ${res.status} without JSON`);
  }
  if (!res.ok) {
    const e = planErrorSchema.safeParse(json);
    throw new PlanApiError(res.status, e.success ? e.data.error.field : undefined, e.success ? e.data.error.message : `HTTP ${res.status}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PlanApiError(530, undefined, `The plan API's answer is not what this app understands (${parsed.error.issues[0]?.path.join('.')})`);
  return parsed.data;
}

export const listPlans = (signal?: AbortSignal): Promise<Plan[]> => request(planListSchema, 'GET', '', undefined, signal).then((r) => r.plans);
export const getPlan = (id: string, signal?: AbortSignal): Promise<PlanDetail> => request(planDetailSchema, 'GET', `/${encodeURIComponent(id)}`, undefined, signal);
export const draftPlan = (body: DraftRequest): Promise<Draft> => request(draftSchema, 'POST', '/draft', body);
export const dryRunPlan = (body: CreatePlanInput): Promise<DryRun> => request(dryRunSchema, 'POST', '?dryrun=true', body);
export const createPlan = (body: CreatePlanInput): Promise<PlanDetail> => request(planDetailSchema, 'POST', '', body);
export type PlanActionName = 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'skip';
/** An action on a plan; `resume` with retry runs the plan again at once. */
export const planAction = (id: string, action: PlanActionName, routerids?: string[], options: { resume?: boolean } = {}): Promise<unknown> =>
  request(z.object({ accepted: z.string() }), 'POST', `/${encodeURIComponent(id)}/${action}`, { ...(routerids ? { routerids } : {}), ...options });
/** The plan acts from now on with the calling admin's current API keys (after registerUserKeys made new ones). */
export const refreshPlanKeys = (id: string, registerkeys = false): Promise<unknown> =>
  request(z.object({ accepted: z.string() }), 'POST', `/${encodeURIComponent(id)}/refreshkeys`, { registerkeys });
