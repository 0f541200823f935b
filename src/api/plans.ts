/**
 * The console's own plan API (not a CloudStack command): upgrade plans that order a fleet's router upgrades
 * into waves and run them inside maintenance windows. Requests and answers are declared once here and used by
 * the serving process (server/plans/http.ts) and the app (src/features/plans). Paths live under PLANS_API.
 *
 * A plan never invents an upgrade mechanism: the runner upgrades a router with CloudStack's
 * `upgradeRouterTemplate id=<router>` (which queues one RebootRouterCmd job) and follows the job with
 * `queryAsyncJobResult`, as `VirtualNetworkApplianceManagerImpl.upgradeRouterTemplate` defines it.
 */
import { z } from 'zod';

/** Under /client, because CloudStack's JSESSIONID cookie has Path=/client (and the browser sends it only there). */
export const PLANS_API = '/client/console/plans';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** True when `tz` is an IANA time zone this runtime knows (Intl). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * A maintenance window: on each listed weekday (in `timezone`), from local `start` (HH:mm) for `minutes`
 * minutes of real time (a window may run past midnight; at most a week).
 */
export const windowSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one weekday'),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24-hour clock)'),
  minutes: z.number().int().min(1).max(7 * 24 * 60),
  timezone: z.string().refine(isTimeZone, 'is not an IANA time zone such as Europe/Berlin'),
});
export type PlanWindow = z.infer<typeof windowSchema>;

/** A customer's own windows: for an account (account name + domainid) or a whole domain (domainid alone). */
export const ownerWindowSchema = z.object({
  domainid: z.string().min(1),
  account: z.string().min(1).optional(),
  windows: z.array(windowSchema).min(1, 'give at least one window'),
});
export type OwnerWindow = z.infer<typeof ownerWindowSchema>;

export const STRATEGIES = ['zone', 'pod', 'cluster', 'domain', 'account'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** How the plan runs; shared by a draft request and a plan. */
export const planSettingsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Upgrades at once for this plan. */
  parallel: z.number().int().min(1).max(1000).default(5),
  /** The plan pauses when more than this many routers have failed. */
  failurebudget: z.number().int().min(0).default(0),
  /** Minutes the canary wave's routers run before the health gate. */
  soakminutes: z.number().min(0).max(7 * 24 * 60).default(0),
  /** Fresh health checks (getRouterHealthCheckResults performfreshchecks=true) after the canary wave and of a redundant peer. */
  healthgate: z.boolean().default(true),
  windows: z.array(windowSchema).default([]),
  ownerwindows: z.array(ownerWindowSchema).default([]),
});

export const waveInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  canary: z.boolean().default(false),
  routerids: z.array(z.string().min(1)).min(1, 'a wave needs at least one router'),
});
export type WaveInput = z.infer<typeof waveInputSchema>;

/** POST /client/console/plans (with ?dryrun=true: the dry run only, nothing saved). */
export const createPlanSchema = planSettingsSchema.extend({
  waves: z.array(waveInputSchema).min(1, 'a plan needs at least one wave'),
  /** Start at once (the plan then runs in its windows); otherwise the plan is saved as a draft. */
  start: z.boolean().default(false),
  /** When the admin has no API keys yet: generate them (registerUserKeys) so the runner can act. */
  registerkeys: z.boolean().default(false),
});
export type CreatePlanInput = z.input<typeof createPlanSchema>;
export type CreatePlan = z.infer<typeof createPlanSchema>;

/** POST /client/console/plans/draft: waves made from a strategy, for the admin to edit, with the dry run. */
export const draftRequestSchema = planSettingsSchema.extend({
  strategy: z.enum(STRATEGIES),
  zoneid: z.string().min(1).optional(),
  /** Keep only these groups of the strategy (ids; for 'account' the key `<domainid>/<account>`). */
  groups: z.array(z.string().min(1)).optional(),
  /** A canary wave first: this many routers, or the routers of one cluster. */
  canary: z.object({ routers: z.number().int().min(1).optional(), clusterid: z.string().min(1).optional() }).optional(),
});
export type DraftRequest = z.input<typeof draftRequestSchema>;

export const PLAN_STATES = ['draft', 'running', 'paused', 'finished', 'cancelled'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const ROUTER_STATES = ['pending', 'starting', 'upgrading', 'done', 'failed', 'skipped', 'cancelled'] as const;
export type PlanRouterState = (typeof ROUTER_STATES)[number];

export const planRouterSchema = z.object({
  id: z.string(),
  name: z.string(),
  wave: z.number().int(),
  state: z.enum(ROUTER_STATES),
  jobid: z.string().optional(),
  zonename: z.string().optional(),
  podname: z.string().optional(),
  clustername: z.string().optional(),
  account: z.string().optional(),
  domainid: z.string().optional(),
  domain: z.string().optional(),
  network: z.string().optional(),
  isredundantrouter: z.boolean().optional(),
  redundantstate: z.string().optional(),
  /** ms since the epoch */
  started: z.number().optional(),
  finished: z.number().optional(),
  error: z.string().optional(),
  /** Its version once upgraded (the upgrade job's router). */
  version: z.string().optional(),
  /** Why it waits now (outside its owner's window, redundant peer not ready...). */
  waiting: z.string().optional(),
});
export type PlanRouter = z.infer<typeof planRouterSchema>;

export const waveSchema = z.object({
  name: z.string(),
  canary: z.boolean(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  upgrading: z.number().int(),
  /** ms since the epoch */
  started: z.number().optional(),
  finished: z.number().optional(),
  /** Estimated seconds for the wave at the plan's parallelism, from measured upgrade durations. */
  estimateseconds: z.number(),
  /** When the wave is expected to start and end (ms), in the plan's windows; absent once finished or when no window comes. */
  projectedstart: z.number().optional(),
  projectedend: z.number().optional(),
});
export type Wave = z.infer<typeof waveSchema>;

export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(PLAN_STATES),
  created: z.number(),
  updated: z.number(),
  createdby: z.string(),
  parallel: z.number(),
  failurebudget: z.number(),
  soakminutes: z.number(),
  healthgate: z.boolean(),
  windows: z.array(windowSchema),
  ownerwindows: z.array(ownerWindowSchema),
  currentwave: z.number().int(),
  /** Why the plan is paused (set by the runner or the admin). */
  pausereason: z.string().optional(),
  /** When the canary soak ends (ms). */
  soakuntil: z.number().optional(),
  /** Next opening of the plan's windows (ms), when it is waiting for one. */
  nextwindow: z.number().optional(),
  /** What the runner waits for now, if anything. */
  waiting: z.string().optional(),
  waves: z.array(waveSchema),
  /** The plan's window openings over the projected span (ms intervals), for the timeline. */
  openings: z.array(z.object({ start: z.number(), end: z.number() })),
});
export type Plan = z.infer<typeof planSchema>;

export const planEventSchema = z.object({ id: z.number(), at: z.number(), level: z.enum(['info', 'warn', 'error']), text: z.string() });
export type PlanEvent = z.infer<typeof planEventSchema>;

export const planDetailSchema = planSchema.extend({
  routers: z.array(planRouterSchema),
  events: z.array(planEventSchema),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;

export const planListSchema = z.object({ plans: z.array(planSchema) });

export const conflictSchema = z.object({
  kind: z.enum(['upgrading', 'stopped-outdated', 'not-outdated', 'in-other-plan', 'not-found', 'not-running']),
  routerid: z.string(),
  name: z.string(),
  text: z.string(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const dryRunWaveSchema = z.object({
  name: z.string(),
  canary: z.boolean(),
  routers: z.array(z.object({ id: z.string(), name: z.string(), network: z.string().optional(), account: z.string().optional(),
    domain: z.string().optional(), redundantstate: z.string().optional() })),
  networks: z.number().int(),
  accounts: z.array(z.string()),
  estimateseconds: z.number(),
});
export const dryRunSchema = z.object({
  waves: z.array(dryRunWaveSchema),
  estimateseconds: z.number(),
  /** The seconds one router upgrade is assumed to take (measured, or the default before any was measured). */
  upgradeseconds: z.number(),
  conflicts: z.array(conflictSchema),
});
export type DryRun = z.infer<typeof dryRunSchema>;

export const draftSchema = z.object({ plan: createPlanSchema, dryrun: dryRunSchema });
export type Draft = z.infer<typeof draftSchema>;

/**
 * Body of POST .../retry and .../skip: the failed routers to act on (all failed ones when omitted). With
 * `resume` a retry also runs the plan again at once (a finished or paused plan; otherwise it waits paused).
 */
export const routerSelectionSchema = z.object({ routerids: z.array(z.string().min(1)).min(1).optional(), resume: z.boolean().optional() });

/**
 * Body of POST .../refreshkeys: the plan acts from now on with the calling admin's current API keys
 * (getUserKeys; with `registerkeys` generated by registerUserKeys when the admin has none). For a plan whose
 * keys stopped working after registerUserKeys. The secret key is sealed at rest and never answered.
 */
export const refreshKeysSchema = z.object({ registerkeys: z.boolean().default(false) });

/** Every 4xx of the plan API: the field at fault (a dotted path such as `waves.2.routerids`) and why. */
export const planErrorSchema = z.object({ error: z.object({ status: z.number(), field: z.string().optional(), message: z.string() }) });
export type PlanError = z.infer<typeof planErrorSchema>['error'];
