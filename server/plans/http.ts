/**
 * The plan API: the console's own JSON API under /client/console/plans, served by the serving process.
 * `planApi` is framework-independent (a request in, a status and JSON out); `plansHandler` mounts it in
 * node:http as `(req, res) => Promise<boolean>` and `registerPlans` as a Fastify plugin.
 *
 * Open only to a root admin's valid CloudStack session: the request carries the JSESSIONID cookie and the
 * session key in the `sessionkey` header (both, as CloudStack 4.20 requires of its own API); the serving
 * process knows which user the cookie belongs to, and the management server confirms, with `listUsers id=..`
 * called with that very session, that the session is live and the user a root admin (accounttype 1).
 * Errors are `{"error":{"status","field","message"}}` with a 4xx status naming the field at fault.
 *
 *   GET  /client/console/plans                     the plans
 *   POST /client/console/plans/draft               waves from a strategy, with the dry run
 *   POST /client/console/plans?dryrun=true         the dry run of a plan, nothing saved
 *   POST /client/console/plans                     create (start: true runs it in its windows)
 *   GET  /client/console/plans/<id>                a plan with its routers and event log
 *   POST /client/console/plans/<id>/{start,pause,resume,cancel,retry,skip,refreshkeys}
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  createPlanSchema, draftRequestSchema, PLANS_API, refreshKeysSchema, routerSelectionSchema,
  type CreatePlan, type Plan, type PlanDetail, type PlanError,
} from '../../src/api/plans';
import { commonHeaders, parseCookies } from '../http/security';
import { CloudStackCallError, listFleet, sessionClient, signedClient, type CloudStackApi } from './client';
import { checkPlan, draftWaves, dryRun, pairKey, PlanInputError, waveSeconds, type FleetRouter } from './planning';
import { upgradeSecondsOf, type PlanRunner } from './runner';
import type { SecretBox } from './secrets';
import type { PlanRecord, PlanStore, RouterRecord } from './store';
import { nextOpening, occurrences, openingAt, openUntil, type Interval } from './windows';

/** What the serving process knows of a JSESSIONID: the session key and user its login answered. */
export interface KnownSession {
  sessionkey: string;
  userid: string;
  username: string;
}

export interface PlansHttpOptions {
  store: PlanStore;
  box: SecretBox;
  runner?: PlanRunner;
  /** CloudStack's API endpoint (a function: known once the process listens). */
  apiUrl: () => string;
  sessionOf: (jsessionid: string) => Promise<KnownSession | undefined>;
  now?: () => number;
  defaultUpgradeSeconds?: number;
  /** The most upgrades at once the server allows (the runner's limit): a plan asking for more is given this. */
  maxParallel?: number;
  log?: (line: string) => void;
}

interface Admin {
  userid: string;
  username: string;
  api: CloudStackApi;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly field: string | undefined, message: string) {
    super(message);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function zodError(err: z.ZodError): HttpError {
  const issue = err.issues[0]!;
  return new HttpError(400, issue.path.join('.') || undefined, issue.message);
}

/**
 * Where each unfinished wave is expected to run: one after the other from `now` (or from when it started), each
 * starting at the next opening of the plan's windows where its estimate fits (a wave longer than a window starts
 * at an opening). Answers per wave [start, end] (ms) and the openings seen, at most 60 days ahead.
 */
export function projectWaves(p: PlanRecord, estimates: number[], now: number): { spans: ({ start: number; end: number } | undefined)[]; openings: Interval[] } {
  const ws = p.settings.windows;
  const horizon = now + 60 * 86_400_000;
  let t = now;
  const spans = p.waves.map((w, i) => {
    if (w.finished !== undefined || p.state === 'finished' || p.state === 'cancelled') return undefined;
    const ms = estimates[i]! * 1000;
    if (w.started !== undefined && i === p.currentwave) {
      t = Math.max(t, now) + ms;
      return { start: w.started, end: t };
    }
    if (!ws.length) {
      const start = t;
      t += ms;
      return { start, end: t };
    }
    for (let guard = 0; guard < 200 && t < horizon; guard++) {
      const open = nextOpening([ws], t);
      if (open === undefined) return undefined;
      const until = openUntil([ws], open)!;
      const opening = openingAt(ws, open)!;
      if (ms <= until - open || ms > opening.end - opening.start) {
        t = open + ms;
        return { start: open, end: t };
      }
      t = until;
    }
    return undefined;
  });
  const last = Math.max(now + 7 * 86_400_000, ...spans.map((s) => s?.end ?? 0));
  const openings: Interval[] = [];
  for (const w of ws) for (const o of occurrences(w, now, 1, Math.ceil((Math.min(last, horizon) - now) / 86_400_000) + 1)) if (o.end > now && o.start < last) openings.push(o);
  openings.sort((a, b) => a.start - b.start);
  return { spans, openings };
}

/** The plan as the API shows it: settings, state, per-wave progress and projection. */
export function planView(p: PlanRecord, routers: RouterRecord[], defaultUpgradeSeconds: number, now: number = Date.now()): Plan {
  const secs = upgradeSecondsOf(p, defaultUpgradeSeconds);
  const estimates = p.waves.map((_, i) => {
    const left = routers.filter((r) => r.wave === i && (r.state === 'pending' || r.state === 'starting' || r.state === 'upgrading'));
    return waveSeconds(left.map((r) => ({ isredundantrouter: r.info.isredundantrouter, vpcid: r.info.vpcid, guestnetworkid: r.info.networkid })), p.settings.parallel, secs)
      + (p.waves[i]!.canary && !p.gatepassed ? p.settings.soakminutes * 60 : 0);
  });
  const projection = projectWaves(p, estimates, now);
  return {
    openings: projection.openings,
    id: p.id, name: p.name, state: p.state, created: p.created, updated: p.updated, createdby: p.createdby,
    ...p.settings, currentwave: p.currentwave, pausereason: p.pausereason, soakuntil: p.soakuntil,
    nextwindow: p.nextwindow, waiting: p.waiting,
    waves: p.waves.map((w, i) => {
      const mine = routers.filter((r) => r.wave === i);
      const count = (s: RouterRecord['state']) => mine.filter((r) => r.state === s).length;
      return {
        name: w.name, canary: w.canary, total: mine.length, done: count('done'), failed: count('failed'), skipped: count('skipped') + count('cancelled'),
        upgrading: count('starting') + count('upgrading'), started: w.started, finished: w.finished,
        estimateseconds: estimates[i]!, projectedstart: projection.spans[i]?.start, projectedend: projection.spans[i]?.end,
      };
    }),
  };
}

function detailView(p: PlanRecord, routers: RouterRecord[], events: Awaited<ReturnType<PlanStore['events']>>, defaultUpgradeSeconds: number, now: number): PlanDetail {
  return {
    ...planView(p, routers, defaultUpgradeSeconds, now),
    routers: routers.map((r) => ({
      id: r.id, name: r.info.name, wave: r.wave, state: r.state, jobid: r.jobid, zonename: r.info.zonename, podname: r.info.podname,
      clustername: r.info.clustername, account: r.info.account, domainid: r.info.domainid, domain: r.info.domain, network: r.info.network,
      isredundantrouter: r.info.isredundantrouter, redundantstate: r.info.redundantstate, started: r.started, finished: r.finished,
      error: r.error, version: r.version, waiting: r.state === 'pending' ? r.waiting : undefined,
    })),
    events: events.map((e) => ({ id: e.id, at: e.at, level: e.level, text: e.text })),
  };
}

/** A request to the plan API, whatever serves it. */
export interface PlanRequest {
  method: string;
  /** Path and query, e.g. /client/console/plans?dryrun=true */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}
/** Its answer: an HTTP status and a JSON body. */
export interface PlanResponse {
  status: number;
  body: unknown;
}

/** The plan API, framework-independent: answers a request under PLANS_API, or undefined for any other path. */
export function planApi(o: PlansHttpOptions): (req: PlanRequest) => Promise<PlanResponse | undefined> {
  const now = o.now ?? Date.now;
  const defaultSecs = o.defaultUpgradeSeconds ?? 120;
  /** Sessions confirmed by the management server recently: key -> until (ms). */
  const confirmed = new Map<string, { until: number; admin: Omit<Admin, 'api'> }>();

  async function authenticate(req: PlanRequest): Promise<Admin> {
    const jsessionid = parseCookies(typeof req.headers.cookie === 'string' ? req.headers.cookie : undefined).JSESSIONID;
    const header = req.headers.sessionkey;
    const sessionkey = Array.isArray(header) ? header[0] : header;
    if (!jsessionid) throw new HttpError(401, 'JSESSIONID', 'Log in first: the request has no JSESSIONID cookie');
    if (!sessionkey) throw new HttpError(401, 'sessionkey', 'The request has no sessionkey header');
    const known = await o.sessionOf(jsessionid);
    if (!known || !sameText(known.sessionkey, sessionkey)) throw new HttpError(401, 'sessionkey', 'The session is unknown or has ended; log in again');
    const api = sessionClient(o.apiUrl(), { sessionkey, cookie: `JSESSIONID=${jsessionid}` });
    const cacheKey = `${jsessionid}:${sessionkey}`;
    const hit = confirmed.get(cacheKey);
    if (hit && hit.until > now()) return { ...hit.admin, api };
    let user: { accounttype?: number | string } | undefined;
    try {
      user = ((await api.call('listUsers', { id: known.userid })).user as { accounttype?: number }[] | undefined)?.[0];
    } catch (err) {
      if (err instanceof CloudStackCallError && err.errorcode === 401) throw new HttpError(401, 'sessionkey', 'The management server ended the session; log in again');
      throw new HttpError(502, undefined, `The management server could not confirm the session: ${(err as Error).message}`);
    }
    if (!user || Number(user.accounttype) !== 1) throw new HttpError(403, undefined, 'Upgrade plans are for root admins only');
    const admin = { userid: known.userid, username: known.username };
    for (const [k, v] of confirmed) if (v.until < now()) confirmed.delete(k);
    confirmed.set(cacheKey, { until: now() + 30_000, admin });
    return { ...admin, api };
  }

  async function body(req: PlanRequest): Promise<unknown> {
    const text = req.body ?? '';
    if (text.length > MAX_PLAN_BODY) throw new HttpError(413, undefined, `The request body is larger than ${MAX_PLAN_BODY} bytes`);
    if (!text.trim()) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, undefined, 'The request body is not JSON');
    }
  }

  function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
    const r = schema.safeParse(value);
    if (!r.success) throw zodError(r.error);
    return r.data;
  }

  function checked(p: CreatePlan): void {
    try {
      checkPlan(p, now());
    } catch (err) {
      if (err instanceof PlanInputError) throw new HttpError(err.status, err.field, err.message);
      throw err;
    }
  }

  async function analyse(admin: Admin, p: CreatePlan, fleet?: FleetRouter[]) {
    const routers = fleet ?? await listFleet(admin.api);
    const active = await o.store.activeRouters();
    const secs = (await o.store.listPlans()).find((x) => x.durations.length)?.durations;
    const upgradeSeconds = secs ? upgradeSecondsOf({ durations: secs }, defaultSecs) : defaultSecs;
    return { routers, report: dryRun(p, routers, upgradeSeconds, active) };
  }

  /** The admin's API keys for the runner: getUserKeys, or registerUserKeys when asked. */
  async function keysOf(admin: Admin, register: boolean): Promise<{ apikey: string; secretkey: string }> {
    const got = (await admin.api.call('getUserKeys', { id: admin.userid })).userkeys as { apikey?: string; secretkey?: string } | undefined;
    if (got?.apikey && got.secretkey) return { apikey: got.apikey, secretkey: got.secretkey };
    if (!register) {
      throw new HttpError(409, 'registerkeys', `The runner acts with your API keys and ${admin.username} has none; ask again with registerkeys=true to generate them (registerUserKeys)`);
    }
    const made = (await admin.api.call('registerUserKeys', { id: admin.userid })).userkeys as { apikey: string; secretkey: string };
    return made;
  }

  async function create(admin: Admin, p: CreatePlan): Promise<PlanDetail> {
    const { routers: fleet, report } = await analyse(admin, p);
    const hard = report.conflicts.find((c) => c.kind === 'not-found' || c.kind === 'in-other-plan');
    if (hard) {
      const i = p.waves.findIndex((w) => w.routerids.includes(hard.routerid));
      const k = p.waves[i]!.routerids.indexOf(hard.routerid);
      throw new HttpError(hard.kind === 'not-found' ? 400 : 409, `waves.${i}.routerids.${k}`, hard.text);
    }
    const keys = await keysOf(admin, p.registerkeys);
    const parallel = Math.min(p.parallel, o.maxParallel ?? Infinity);
    const byId = new Map(fleet.map((r) => [r.id, r]));
    const t = now();
    const plan: PlanRecord = {
      id: randomUUID(), name: p.name, state: p.start ? 'running' : 'draft', created: t, updated: t,
      createdby: admin.username, userid: admin.userid,
      settings: { parallel, failurebudget: p.failurebudget, soakminutes: p.soakminutes, healthgate: p.healthgate, windows: p.windows, ownerwindows: p.ownerwindows },
      waves: p.waves.map((w) => ({ name: w.name, canary: w.canary })), currentwave: 0, durations: [],
    };
    const routers: RouterRecord[] = p.waves.flatMap((w, wave) => w.routerids.map((id, seq) => {
      const r = byId.get(id)!;
      return {
        planid: plan.id, id, wave, seq, state: 'pending' as const, attempts: 0,
        info: {
          name: r.name, zoneid: r.zoneid, zonename: r.zonename, podname: r.podname, clustername: r.clustername, account: r.account,
          domainid: r.domainid, domain: r.domain, network: r.vpcname ?? r.guestnetworkname, networkid: r.guestnetworkid, vpcid: r.vpcid,
          pairkey: r.isredundantrouter ? pairKey(r) : undefined, isredundantrouter: r.isredundantrouter, redundantstate: r.redundantstate,
        },
      };
    }));
    await o.store.insertPlan(plan, routers, { userid: admin.userid, apikey: keys.apikey, sealedsecret: o.box.seal(keys.secretkey) });
    await o.store.addEvent(plan.id, t, 'info', `Plan created by ${admin.username}: ${p.waves.length} waves, ${routers.length} routers${p.start ? '; started' : ' (draft)'}`);
    o.runner?.poke();
    return detailView(plan, routers, await o.store.events(plan.id, 200), defaultSecs, now());
  }

  const ACTIONS = {
    start: ['draft'], pause: ['running'], resume: ['paused'], cancel: ['draft', 'running', 'paused'], retry: ['running', 'paused', 'finished'], skip: ['running', 'paused', 'finished'],
    refreshkeys: ['draft', 'running', 'paused'],
  } as const;

  /**
   * The calling admin's current keys become the plan's: checked with one signed call (listCapabilities) before
   * they are stored, the secret sealed; the runner drops the client it signed with (action refreshkeys).
   */
  async function refreshKeys(admin: Admin, plan: PlanRecord, registerkeys: boolean): Promise<void> {
    const keys = await keysOf(admin, registerkeys);
    try {
      await signedClient(o.apiUrl(), keys).call('listCapabilities');
    } catch (err) {
      if (err instanceof CloudStackCallError && err.errorcode !== 0) {
        throw new HttpError(409, 'apikey', `The management server refused your current API keys too: ${err.errortext}`);
      }
      throw err;
    }
    await o.store.updateCredential(plan.id, { userid: admin.userid, apikey: keys.apikey, sealedsecret: o.box.seal(keys.secretkey) });
  }

  async function route(req: PlanRequest, path: string, url: URL): Promise<PlanResponse> {
    const admin = await authenticate(req);
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0) {
      if (method === 'GET') {
        const plans = await o.store.listPlans();
        const views = await Promise.all(plans.map(async (p) => planView(p, await o.store.routers(p.id), defaultSecs, now())));
        return { status: 200, body: { plans: views } };
      }
      if (method === 'POST') {
        const p = parse(createPlanSchema, await body(req));
        checked(p);
        if (url.searchParams.get('dryrun') === 'true') {
          return { status: 200, body: (await analyse(admin, p)).report };
        }
        return { status: 201, body: await create(admin, p) };
      }
      throw new HttpError(405, undefined, 'Use GET or POST');
    }
    if (parts.length === 1 && parts[0] === 'draft') {
      if (method !== 'POST') throw new HttpError(405, undefined, 'Use POST');
      const d = parse(draftRequestSchema, await body(req));
      const fleet = await listFleet(admin.api);
      if (d.zoneid && !fleet.some((r) => r.zoneid === d.zoneid)) throw new HttpError(400, 'zoneid', `No router is in zone ${d.zoneid}`);
      if (d.canary?.clusterid && !fleet.some((r) => r.clusterid === d.canary!.clusterid)) throw new HttpError(400, 'canary.clusterid', `No router is in cluster ${d.canary.clusterid}`);
      const waves = draftWaves(fleet, d);
      if (!waves.length) throw new HttpError(400, d.groups ? 'groups' : 'zoneid', 'No outdated Running router is in the chosen scope');
      const { strategy: _s, zoneid: _z, groups: _g, canary: _c, ...settings } = d;
      const plan = createPlanSchema.parse({ ...settings, waves });
      checked(plan);
      return { status: 200, body: { plan, dryrun: (await analyse(admin, plan, fleet)).report } };
    }
    const plan = await o.store.getPlan(parts[0]!);
    if (!plan) throw new HttpError(404, 'id', `No plan ${parts[0]!.slice(0, 64)}`);
    if (parts.length === 1) {
      if (method !== 'GET') throw new HttpError(405, undefined, 'Use GET');
      return { status: 200, body: detailView(plan, await o.store.routers(plan.id), await o.store.events(plan.id, 300), defaultSecs, now()) };
    }
    const action = parts[1] as keyof typeof ACTIONS;
    if (parts.length !== 2 || !(action in ACTIONS)) throw new HttpError(404, undefined, `No such plan action: ${parts.slice(1).join('/').slice(0, 64)}`);
    if (method !== 'POST') throw new HttpError(405, undefined, 'Use POST');
    const raw = await body(req);
    if (!(ACTIONS[action] as readonly string[]).includes(plan.state)) {
      const done = { skip: 'skipped', retry: 'retried', refreshkeys: 'given new keys' } as Record<string, string>;
      throw new HttpError(409, 'state', `A ${plan.state} plan cannot be ${done[action] ?? `${action}${action.endsWith('e') ? 'd' : 'ed'}`}`);
    }
    if (action === 'refreshkeys') {
      const r = parse(refreshKeysSchema, raw);
      await refreshKeys(admin, plan, r.registerkeys);
      await o.store.addAction(plan.id, action, { by: admin.username });
      o.runner?.poke();
      return { status: 202, body: { accepted: action } };
    }
    const sel = parse(routerSelectionSchema, raw);
    if ((action === 'retry' || action === 'skip')) {
      const failed = new Set((await o.store.routers(plan.id)).filter((r) => r.state === 'failed').map((r) => r.id));
      if (!failed.size) throw new HttpError(409, 'routerids', 'The plan has no failed router');
      const bad = sel.routerids?.findIndex((id) => !failed.has(id)) ?? -1;
      if (bad >= 0) throw new HttpError(400, `routerids.${bad}`, `Router ${sel.routerids![bad]!.slice(0, 64)} is not a failed router of this plan`);
    }
    await o.store.addAction(plan.id, action, { routerids: sel.routerids, by: admin.username, resume: action === 'retry' ? sel.resume : undefined });
    o.runner?.poke();
    return { status: 202, body: { accepted: action } };
  }

  return async (req) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== PLANS_API && !url.pathname.startsWith(`${PLANS_API}/`)) return undefined;
    try {
      return await route(req, url.pathname.slice(PLANS_API.length), url);
    } catch (err) {
      if (err instanceof HttpError) {
        const error: PlanError = { status: err.status, field: err.field, message: err.message };
        return { status: err.status, body: { error } };
      }
      if (err instanceof CloudStackCallError) {
        return { status: 502, body: { error: { status: 502, message: `The management server answered ${err.command}: ${err.errortext}` } } };
      }
      o.log?.(`plans api failure: ${(err as Error).message}`);
      return { status: 500, body: { error: { status: 500, message: 'Internal error' } } };
    }
  };
}

/** The largest plan API request body (bytes): a plan of 100,000 routers fits. */
export const MAX_PLAN_BODY = 8 * 1024 * 1024;

/** Writes a plan API answer on a node:http response, with the common security headers, never cached. */
function writeJson(res: ServerResponse, r: PlanResponse): void {
  const text = JSON.stringify(r.body);
  res.writeHead(r.status, { ...commonHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * The plan API for node:http: `(req, res) => Promise<boolean>`, false when the path is not the plan API's.
 * `body` is given when a framework has read the request body already.
 */
export function plansHandler(o: PlansHttpOptions): (req: IncomingMessage, res: ServerResponse, body?: string) => Promise<boolean> {
  const api = planApi(o);
  return async (req, res, given) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    if (path !== PLANS_API && !path.startsWith(`${PLANS_API}/`)) return false;
    let body = given;
    if (body === undefined && req.method === 'POST') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of req as AsyncIterable<Buffer>) {
        size += c.length;
        if (size > MAX_PLAN_BODY) {
          writeJson(res, { status: 413, body: { error: { status: 413, message: `The request body is larger than ${MAX_PLAN_BODY} bytes` } } });
          req.destroy();
          return true;
        }
        chunks.push(c);
      }
      body = Buffer.concat(chunks).toString('utf8');
    }
    const answer = await api({ method: req.method ?? 'GET', url, headers: req.headers, body });
    writeJson(res, answer ?? { status: 404, body: { error: { status: 404, message: 'Not found' } } });
    return true;
  };
}

/** The plan API as a Fastify plugin: GET and POST under PLANS_API, answered through Fastify (its headers, compression). */
export async function registerPlans(app: FastifyInstance, o: PlansHttpOptions): Promise<void> {
  const api = planApi(o);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await api({ method: request.method, url: request.url, headers: request.headers, body: typeof request.body === 'string' ? request.body : undefined });
    const r = answer ?? { status: 404, body: { error: { status: 404, message: 'Not found' } } };
    return reply.code(r.status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(r.body));
  };
  for (const url of [PLANS_API, `${PLANS_API}/*`]) app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url, handler });
}
