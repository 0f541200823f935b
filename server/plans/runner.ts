/**
 * The plan runner: moves each running plan forward, one tick at a time, through CloudStack's public API only
 * (the same against the simulator and a real management server).
 *
 * - A router is upgraded with `upgradeRouterTemplate id=<router>`, which queues one RebootRouterCmd job
 *   (VirtualNetworkApplianceManagerImpl.upgradeRouterTemplate / rebootRouters); the job is followed with
 *   `queryAsyncJobResult`. The runner marks the router `starting` in its store before the call and stores the
 *   job id right after, so that after a SIGKILL it can tell, from `listRouters` (a pending `jobid`) and
 *   `listAsyncJobs` (a job on that router since the mark), whether the call was made: nothing is lost or repeated.
 * - At most `parallel` upgrades of a plan run at once (and never more than the runner's `maxParallel`).
 * - Redundant pairs: the BACKUP first; a router whose peer is not Running waits (never both down); after a peer
 *   was upgraded, the other waits until that peer is Running, BACKUP again, and passes fresh health checks
 *   (`getRouterHealthCheckResults performfreshchecks=true`).
 * - A canary wave soaks for `soakminutes`, then its routers must pass fresh health checks.
 * - The plan pauses by itself when a canary router fails, when more routers failed than the failure budget,
 *   or when a health gate fails, and says why.
 * - Windows: a wave starts only when its estimate fits in what is left of the plan's window; routers start only
 *   inside the plan's window and their account's or domain's window; what is upgrading finishes.
 * All times come from the injected clock `now()` (ms).
 */
import type { PlanRouterState } from '../../src/api/plans';
import { formatExpires } from '../../src/api/signature';
import { CloudStackCallError, signedClient, type CloudStackApi } from './client';
import { pairKey, waveSeconds } from './planning';
import type { SecretBox } from './secrets';
import type { PlanAction, PlanRecord, PlanStore, RouterRecord } from './store';
import { nextOpening, openingAt, openUntil } from './windows';

export interface RunnerOptions {
  store: PlanStore;
  /** The CloudStack API endpoint, e.g. http://127.0.0.1:8080/client/api (a function: known once listening). */
  apiUrl: () => string;
  box: SecretBox;
  now?: () => number;
  /** Between ticks, ms. */
  intervalMs?: number;
  /** The most upgrades at once any plan may run (the server's own limit). */
  maxParallel?: number;
  /** Seconds an upgrade is assumed to take before one was measured. */
  defaultUpgradeSeconds?: number;
  /** A client for a plan's keys (tests may wrap it); defaults to signedClient. */
  clientFor?: (keys: { apikey: string; secretkey: string }) => CloudStackApi;
  log?: (line: string) => void;
}

interface LiveRouter {
  id: string;
  name: string;
  state: string;
  requiresupgrade?: boolean;
  redundantstate?: string;
  isredundantrouter?: boolean;
  jobid?: string;
  guestnetworkid?: string;
  vpcid?: string;
}

const TERMINAL: ReadonlySet<PlanRouterState> = new Set(['done', 'failed', 'skipped', 'cancelled']);
const IN_FLIGHT: ReadonlySet<PlanRouterState> = new Set(['starting', 'upgrading']);
/** The commands whose jobs an upgrade of one router leaves (RebootRouterCmd in CloudStack). */
const UPGRADE_JOB = /RebootRouterCmd|UpgradeRouterTemplateCmd/;

/** Average of the measured durations, or the default before any. */
export function upgradeSecondsOf(plan: Pick<PlanRecord, 'durations'>, fallback: number): number {
  return plan.durations.length ? plan.durations.reduce((a, b) => a + b, 0) / plan.durations.length : fallback;
}

export class PlanRunner {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;
  private again = false;
  /** Plans this process has reconciled with the cloud since it took over. */
  private readonly reconciled = new Set<string>();
  private readonly clients = new Map<string, CloudStackApi>();
  /**
   * The routers of each plan, read from the store once while this process runs the plans: only the runner
   * changes a plan's routers (the plan API inserts new plans and queues actions), so every change is made on
   * these records and written through.
   */
  private readonly routerCache = new Map<string, RouterRecord[]>();
  /** The last trouble said of each plan. */
  private readonly trouble = new Map<string, string>();
  /** upgradeRouterTemplate calls under way (`<planid>/<routerid>`): the tick does not wait for them. */
  private readonly submitting = new Map<string, Promise<void>>();
  /**
   * What those calls left for the plan's next step, which holds the plan's current record: routers whose call
   * failed (the failure budget and the canary rule are applied there), and an error that stops the plan's step
   * (refused keys, unreachable server).
   */
  private readonly outcomes = new Map<string, { failed: RouterRecord[]; error?: Error }>();
  /** True while this process holds the runner lock. */
  leader = false;
  /** Calls made to CloudStack per command: how many and their total milliseconds (for the bench). */
  readonly calls = new Map<string, { n: number; ms: number }>();

  constructor(private readonly o: RunnerOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Ticks every intervalMs (or sooner when poked) until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = (async () => {
      while (this.running) {
        await this.pass1().catch((err: unknown) => this.o.log?.(`plans: tick failed: ${(err as Error).message}`));
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.o.intervalMs ?? 1000);
        });
      }
    })();
  }

  /** Stops ticking; resolves when the tick and the upgrade calls under way are over. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.submitting.values()]);
  }

  /** As after a restart: every plan is reconciled with the cloud again before the runner acts on it. */
  forgetReconciliation(): void {
    this.reconciled.clear();
    this.routerCache.clear();
    this.clients.clear();
  }

  /** Asks for a tick soon (after an API action), without waiting for the interval. */
  poke(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /**
   * One pass over every plan, then waits for the upgradeRouterTemplate calls under way to be answered (the
   * loop of start() does not wait for them). Concurrent calls wait for the pass under way and run one more.
   */
  async tick(): Promise<void> {
    await this.pass1();
    await Promise.allSettled([...this.submitting.values()]);
    // A call refused or unanswered stops its plan at once (as pass() says), not a tick later.
    if ([...this.outcomes.values()].some((o) => o.error)) await this.pass1();
  }

  private async pass1(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async pass(): Promise<void> {
    const { store } = this.o;
    let leader = false;
    try {
      leader = await store.tryRunnerLock();
    } catch (err) {
      this.o.log?.(`plans: runner lock unavailable: ${(err as Error).message}`);
    }
    if (!leader) {
      if (this.leader) {
        this.reconciled.clear();
        this.routerCache.clear();
      }
      this.leader = false;
      return;
    }
    if (!this.leader) this.o.log?.('plans: this process runs the plans');
    this.leader = true;
    for (const a of await store.takeActions()) await this.apply(a);
    for (const plan of await store.listPlans()) {
      if (plan.state === 'draft' || plan.state === 'finished') continue;
      try {
        await this.step(plan);
        this.trouble.delete(plan.id);
      } catch (err) {
        const e = err as Error;
        if (err instanceof CloudStackCallError && err.errorcode === 401 && plan.state === 'running') {
          // The admin's keys no longer work (regenerated, user disabled): nothing can go on until someone looks.
          const fresh = await store.getPlan(plan.id);
          if (fresh?.state === 'running') {
            await this.pause(fresh, `The management server refused the plan's API keys (${err.errortext}): were they regenerated (registerUserKeys)? Refresh the plan's API keys, then resume`);
          }
          this.clients.delete(plan.id);
          continue;
        }
        // Said once, not at every tick, until the runner proceeds again or the trouble changes.
        if (this.trouble.get(plan.id) !== e.message) {
          this.trouble.set(plan.id, e.message);
          this.o.log?.(`plans: plan ${plan.id} step failed: ${e.message}`);
          await this.event(plan, 'warn', `The runner could not proceed: ${e.message}`);
        }
        continue;
      }
    }
  }

  private async routersOf(planid: string): Promise<RouterRecord[]> {
    let rs = this.routerCache.get(planid);
    if (!rs) this.routerCache.set(planid, (rs = await this.o.store.routers(planid)));
    return rs;
  }

  private async event(plan: PlanRecord, level: 'info' | 'warn' | 'error', text: string): Promise<void> {
    await this.o.store.addEvent(plan.id, this.now(), level, text);
  }

  private async save(plan: PlanRecord): Promise<void> {
    plan.updated = this.now();
    await this.o.store.updatePlan(plan);
  }

  private async client(plan: PlanRecord): Promise<CloudStackApi> {
    const cached = this.clients.get(plan.id);
    if (cached) return cached;
    const cred = await this.o.store.credential(plan.id);
    if (!cred) throw new Error('the plan has no stored API keys');
    const keys = { apikey: cred.apikey, secretkey: this.o.box.open(cred.sealedsecret) };
    const inner = this.o.clientFor ? this.o.clientFor(keys) : signedClient(this.o.apiUrl(), keys);
    const c: CloudStackApi = {
      call: async (command, params) => {
        const t0 = performance.now();
        try {
          return await inner.call(command, params);
        } finally {
          const s = this.calls.get(command) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += performance.now() - t0;
          this.calls.set(command, s);
        }
      },
    };
    this.clients.set(plan.id, c);
    return c;
  }

  /** Applies an admin's action taken from the store's queue (the plan API validated it). */
  private async apply(a: PlanAction): Promise<void> {
    const { store } = this.o;
    const plan = await store.getPlan(a.planid);
    if (!plan) return;
    const by = a.body.by ? ` by ${a.body.by}` : '';
    const routers = await this.routersOf(plan.id);
    const selected = (r: RouterRecord) => r.state === 'failed' && (!a.body.routerids || a.body.routerids.includes(r.id));
    switch (a.action) {
      case 'start':
        if (plan.state !== 'draft') return;
        plan.state = 'running';
        await this.event(plan, 'info', `Plan started${by}`);
        break;
      case 'pause':
        if (plan.state !== 'running') return;
        plan.state = 'paused';
        plan.pausereason = `Paused${by}`;
        await this.event(plan, 'info', `Plan paused${by}; upgrades under way finish`);
        break;
      case 'resume':
        if (plan.state !== 'paused') return;
        plan.state = 'running';
        plan.pausereason = undefined;
        await this.event(plan, 'info', `Plan resumed${by}`);
        break;
      case 'cancel': {
        if (plan.state === 'finished' || plan.state === 'cancelled') return;
        plan.state = 'cancelled';
        let n = 0;
        for (const r of routers) {
          if (r.state !== 'pending' && r.state !== 'failed') continue;
          r.state = 'cancelled';
          n++;
          await store.updateRouter(r);
        }
        await this.event(plan, 'info', `Plan cancelled${by}: ${n} routers not started are left; upgrades under way finish`);
        break;
      }
      case 'refreshkeys':
        // The plan API stored the new keys; the next call signs with them.
        this.clients.delete(plan.id);
        this.trouble.delete(plan.id);
        await this.event(plan, 'info', `API keys refreshed${by}: the plan now acts with ${a.body.by ?? 'the admin'}'s current keys${plan.state === 'paused' ? '; resume it to go on' : ''}`);
        break;
      case 'retry':
      case 'skip': {
        const chosen = routers.filter(selected);
        for (const r of chosen) {
          if (a.action === 'retry') {
            r.state = 'pending';
            r.error = undefined;
            r.attempts++;
            plan.currentwave = Math.min(plan.currentwave, r.wave);
            if (plan.waves[r.wave]) plan.waves[r.wave]!.finished = undefined;
          } else r.state = 'skipped';
          await store.updateRouter(r);
        }
        if (a.action === 'retry' && chosen.length && a.body.resume && plan.state !== 'cancelled') {
          plan.state = 'running';
          plan.pausereason = undefined;
        } else if (plan.state === 'finished' && a.action === 'retry' && chosen.length) plan.state = 'paused';
        await this.event(plan, 'info', `${a.action === 'retry' ? 'Retry' : 'Skip'}${by}: ${chosen.map((r) => r.info.name).join(', ') || 'no failed router'}`);
        break;
      }
    }
    await this.save(plan);
  }

  /** Moves one plan forward. */
  private async step(plan: PlanRecord): Promise<void> {
    const routers = await this.routersOf(plan.id);
    const inFlight = routers.filter((r) => IN_FLIGHT.has(r.state));
    if (plan.state === 'cancelled' && inFlight.length === 0) return;
    const api = await this.client(plan);
    const outcome = this.outcomes.get(plan.id);
    if (outcome) {
      this.outcomes.delete(plan.id);
      for (const r of outcome.failed) {
        await this.event(plan, 'error', `${r.info.name} failed: ${r.error}`);
        await this.onFailure(plan, r);
      }
      if (outcome.error) throw outcome.error;
    }

    if (!this.reconciled.has(plan.id)) {
      await this.reconcile(plan, api, routers);
      this.reconciled.add(plan.id);
    }
    await this.poll(plan, api, routers);
    if (plan.state !== 'running') return;
    await this.advance(plan, api, routers);
  }

  /**
   * After a restart or a takeover, before acting: a router marked `starting` has either a job (pending:
   * listRouters shows its jobid; finished: listAsyncJobs lists it since the mark) or was never submitted.
   */
  private async reconcile(plan: PlanRecord, api: CloudStackApi, routers: RouterRecord[]): Promise<void> {
    // A router whose call this process is still making is not reconciled: the call's answer settles it.
    const starting = routers.filter((r) => r.state === 'starting' && !this.submitting.has(`${plan.id}/${r.id}`));
    if (!starting.length) return;
    const since = Math.min(...starting.map((r) => r.marked ?? this.now())) - 60_000;
    const jobs = (await api.call('listAsyncJobs', { listall: true, startdate: formatExpires(new Date(since)), pagesize: 500 })).asyncjobs as
      { jobid: string; cmd?: string; jobinstanceid?: string; created?: string }[] | undefined;
    for (const r of starting) {
      const live = await this.live(api, r.id);
      const job = live?.jobid ? { jobid: live.jobid } : jobs?.find((j) => j.jobinstanceid === r.id && UPGRADE_JOB.test(j.cmd ?? ''));
      if (job) {
        r.state = 'upgrading';
        r.jobid = job.jobid;
        r.started ??= r.marked;
        await this.event(plan, 'info', `Reconciled ${r.info.name}: its upgrade job ${job.jobid} was already submitted; following it`);
      } else if (live && live.requiresupgrade === false) {
        r.state = 'done';
        r.finished = this.now();
        await this.event(plan, 'info', `Reconciled ${r.info.name}: already upgraded`);
      } else {
        r.state = 'pending';
        await this.event(plan, 'info', `Reconciled ${r.info.name}: no upgrade job was submitted; it waits its turn again`);
      }
      await this.o.store.updateRouter(r);
    }
  }

  private async live(api: CloudStackApi, id: string): Promise<LiveRouter | undefined> {
    const data = await api.call('listRouters', { id, listall: true });
    return ((data.router ?? []) as LiveRouter[])[0];
  }

  /**
   * Follows the jobs under way; a finished job makes its router done or failed. One listAsyncJobs call (the
   * jobs since the oldest upgrade under way) answers for all of them; a job it does not list is asked for with
   * queryAsyncJobResult.
   */
  private async poll(plan: PlanRecord, api: CloudStackApi, routers: RouterRecord[]): Promise<void> {
    const upgrading = routers.filter((x) => x.state === 'upgrading' && x.jobid);
    if (!upgrading.length) return;
    const since = Math.min(...upgrading.map((r) => r.started ?? r.marked ?? this.now())) - 120_000;
    const listed = new Map<string, Record<string, unknown>>();
    if (upgrading.length > 1) {
      const data = await api.call('listAsyncJobs', { listall: true, startdate: formatExpires(new Date(Math.min(since, Date.now() - 120_000))), pagesize: Math.min(500, upgrading.length + 20) });
      for (const j of (data.asyncjobs ?? []) as Record<string, unknown>[]) listed.set(String(j.jobid), j);
    }
    for (const r of upgrading) {
      let job = listed.get(r.jobid!);
      if (!job) {
        try {
          job = await api.call('queryAsyncJobResult', { jobid: r.jobid });
        } catch (err) {
          if (err instanceof CloudStackCallError && err.errorcode === 0) throw err;
          const live = await this.live(api, r.id);
          if (live && live.requiresupgrade === false) await this.finish(plan, r, 'done');
          else await this.finish(plan, r, 'failed', `Job ${r.jobid} could not be followed: ${(err as Error).message}`);
          continue;
        }
      }
      const status = Number(job.jobstatus);
      if (status === 0) continue;
      if (status === 1) {
        const router = (job.jobresult as { router?: { version?: string } } | undefined)?.router;
        if (router?.version) r.version = router.version;
        await this.finish(plan, r, 'done');
      }
      else {
        const result = (job.jobresult ?? {}) as { errortext?: string };
        await this.finish(plan, r, 'failed', result.errortext ?? `job ${r.jobid} ended with status ${status}`);
      }
    }
  }

  private async finish(plan: PlanRecord, r: RouterRecord, state: 'done' | 'failed', error?: string): Promise<void> {
    r.state = state;
    r.finished = this.now();
    r.error = error;
    if (state === 'done' && r.started) {
      plan.durations.push((r.finished - r.started) / 1000);
      if (plan.durations.length > 50) plan.durations.shift();
    }
    await this.o.store.updateRouter(r);
    if (state === 'done') return;
    await this.event(plan, 'error', `${r.info.name} failed: ${error}`);
    await this.onFailure(plan, r);
  }

  /** Pauses the plan when a canary router failed or the failures exceed the budget. */
  private async onFailure(plan: PlanRecord, r: RouterRecord): Promise<void> {
    if (plan.state !== 'running') {
      await this.save(plan);
      return;
    }
    const failed = (await this.routersOf(plan.id)).filter((x) => x.state === 'failed').length;
    let reason: string | undefined;
    if (plan.waves[r.wave]?.canary) reason = `Canary router ${r.info.name} failed: ${r.error}`;
    else if (failed > plan.settings.failurebudget) reason = `${failed} routers failed, more than the failure budget of ${plan.settings.failurebudget}`;
    if (reason) await this.pause(plan, reason);
    else await this.save(plan);
  }

  private async pause(plan: PlanRecord, reason: string): Promise<void> {
    plan.state = 'paused';
    plan.pausereason = reason;
    await this.event(plan, 'warn', `Paused: ${reason}`);
    await this.save(plan);
  }

  /** The windows a router's owner has: its account's, else its domain's, else none. */
  private ownerWindows(plan: PlanRecord, r: RouterRecord) {
    const ow = plan.settings.ownerwindows;
    return (ow.find((w) => w.account && w.account === r.info.account && w.domainid === r.info.domainid)
      ?? ow.find((w) => !w.account && w.domainid === r.info.domainid))?.windows ?? [];
  }

  /** Fresh health checks of a router; undefined when they pass, else why not. */
  private async healthProblem(api: CloudStackApi, id: string, name: string): Promise<string | undefined> {
    try {
      const data = await api.call('getRouterHealthCheckResults', { routerid: id, performfreshchecks: true });
      const checks = ((data.routerhealthchecks as { healthchecks?: { checkname: string; success: boolean | string; details?: string }[] } | undefined)?.healthchecks) ?? [];
      const bad = checks.filter((c) => c.success !== true && c.success !== 'true');
      return bad.length ? `${name} failed health checks: ${bad.map((c) => `${c.checkname}${c.details ? ` (${c.details})` : ''}`).join(', ')}` : undefined;
    } catch (err) {
      return `${name}: health checks could not be run: ${err instanceof CloudStackCallError ? err.errortext : (err as Error).message}`;
    }
  }

  private async advance(plan: PlanRecord, api: CloudStackApi, routers: RouterRecord[]): Promise<void> {
    const now = this.now();
    for (;;) {
      const w = plan.currentwave;
      const wave = plan.waves[w];
      if (!wave) {
        plan.state = 'finished';
        plan.waiting = undefined;
        plan.nextwindow = undefined;
        const failed = routers.filter((r) => r.state === 'failed').length;
        await this.event(plan, 'info', `Plan finished: ${routers.filter((r) => r.state === 'done').length} upgraded, ${failed} failed, ${routers.filter((r) => r.state === 'skipped').length} skipped`);
        await this.save(plan);
        return;
      }
      const mine = routers.filter((r) => r.wave === w);
      if (!mine.every((r) => TERMINAL.has(r.state))) break;
      // The wave is over: a canary soaks and passes its health gate before the next wave.
      if (wave.canary && !plan.gatepassed) {
        if (plan.soakuntil === undefined) {
          plan.soakuntil = now + plan.settings.soakminutes * 60_000;
          plan.waiting = 'canary soak';
          await this.event(plan, 'info', `Canary wave done; soaking until ${new Date(plan.soakuntil).toISOString()}`);
          await this.save(plan);
        }
        if (now < plan.soakuntil) return;
        if (plan.settings.healthgate) {
          for (const r of mine.filter((x) => x.state === 'done')) {
            const problem = await this.healthProblem(api, r.id, r.info.name);
            if (problem) {
              plan.soakuntil = undefined;
              await this.pause(plan, `Health gate after the canary: ${problem}`);
              return;
            }
          }
        }
        plan.gatepassed = true;
        await this.event(plan, 'info', plan.settings.healthgate ? 'Canary health gate passed (fresh health checks)' : 'Canary soak over');
      }
      wave.finished ??= now;
      await this.event(plan, 'info', `Wave ${w + 1} (${wave.name}) finished`);
      plan.currentwave++;
      plan.waiting = undefined;
      await this.save(plan);
    }

    const wave = plan.waves[plan.currentwave]!;
    const pending = routers.filter((r) => r.wave === plan.currentwave && r.state === 'pending');
    const inFlight = routers.filter((r) => IN_FLIGHT.has(r.state));
    const limit = Math.min(plan.settings.parallel, this.o.maxParallel ?? Infinity);
    let room = limit - inFlight.length;
    if (room <= 0 || pending.length === 0) return;

    const planWindows = plan.settings.windows;
    const until = openUntil([planWindows], now);
    if (until === undefined) {
      const next = nextOpening([planWindows], now);
      await this.wait(plan, 'outside the plan\'s windows', next);
      return;
    }
    if (wave.started === undefined) {
      const est = waveSeconds(pending.map((r) => ({ isredundantrouter: r.info.isredundantrouter, vpcid: r.info.vpcid, guestnetworkid: r.info.networkid })),
        limit, upgradeSecondsOf(plan, this.o.defaultUpgradeSeconds ?? 120)) * 1000;
      const opening = openingAt(planWindows, now);
      const length = opening ? opening.end - opening.start : Infinity;
      // A wave starts only when its estimate fits in what is left of the window; one longer than any window
      // starts at the opening of one.
      const fits = est <= until - now || (est > length && opening !== undefined && now - opening.start < 60_000);
      if (!fits) {
        const next = nextOpening([planWindows], until);
        await this.wait(plan, `wave ${plan.currentwave + 1} needs about ${Math.ceil(est / 60_000)} min, more than is left of the window`, next);
        return;
      }
      wave.started = now;
      await this.event(plan, 'info', `Wave ${plan.currentwave + 1} (${wave.name}) started: ${pending.length} routers, ${limit} at once`);
    }
    if (plan.waiting || plan.nextwindow) {
      plan.waiting = undefined;
      plan.nextwindow = undefined;
    }
    await this.save(plan);

    // Routers are chosen one by one (a chosen router is marked `starting` in the store at once, which its
    // redundant peer and the next tick see), and their upgradeRouterTemplate calls go out without the tick
    // waiting for them: the next tick follows the jobs already under way and fills each slot freed since, so
    // the slots of a wave are refilled continuously rather than round by round.
    const pairs = new Map<string, LiveRouter[]>();
    for (const r of pending) {
      if (room <= 0) break;
      const ow = this.ownerWindows(plan, r);
      if (ow.length && openUntil([planWindows, ow], now) === undefined) {
        await this.setWaiting(r, `outside the window of ${r.info.account ?? r.info.domain ?? 'its owner'}`);
        continue;
      }
      if (r.info.isredundantrouter && r.info.pairkey) {
        const blocked = await this.pairBlocks(plan, api, r, routers, pairs);
        if (blocked === 'paused') break;
        if (blocked) {
          await this.setWaiting(r, blocked);
          continue;
        }
      }
      r.state = 'starting';
      r.marked = this.now();
      r.waiting = undefined;
      await this.o.store.updateRouter(r);
      const key = `${plan.id}/${r.id}`;
      const call = this.upgrade(plan.id, api, r)
        .catch((err: unknown) => {
          this.outcomeOf(plan.id).error ??= err as Error;
          this.poke();
        })
        .finally(() => this.submitting.delete(key));
      this.submitting.set(key, call);
      room--;
    }
  }

  private outcomeOf(planid: string): { failed: RouterRecord[]; error?: Error } {
    let o = this.outcomes.get(planid);
    if (!o) this.outcomes.set(planid, (o = { failed: [] }));
    return o;
  }

  private async wait(plan: PlanRecord, why: string, next: number | undefined): Promise<void> {
    if (plan.waiting === why && plan.nextwindow === next) return;
    plan.waiting = why;
    plan.nextwindow = next;
    await this.event(plan, 'info', `Waiting: ${why}${next ? `; next opening ${new Date(next).toISOString()}` : '; no opening within 15 days'}`);
    await this.save(plan);
  }

  private async setWaiting(r: RouterRecord, why: string): Promise<void> {
    if (r.waiting === why) return;
    r.waiting = why;
    await this.o.store.updateRouter(r);
  }

  /**
   * Why a redundant router must wait now (undefined: it may go; 'paused': a health gate paused the plan).
   * Its peers are read live from listRouters (networkid or vpcid) every time.
   */
  private async pairBlocks(plan: PlanRecord, api: CloudStackApi, r: RouterRecord, routers: RouterRecord[], cache: Map<string, LiveRouter[]>): Promise<string | 'paused' | undefined> {
    const inPlanPeers = routers.filter((x) => x.id !== r.id && x.info.pairkey === r.info.pairkey);
    if (inPlanPeers.some((x) => IN_FLIGHT.has(x.state))) return 'its redundant peer is upgrading';
    let live = cache.get(r.info.pairkey!);
    if (!live) {
      const data = await api.call('listRouters', { listall: true, ...(r.info.vpcid ? { vpcid: r.info.vpcid } : { networkid: r.info.networkid }) });
      live = ((data.router ?? []) as LiveRouter[]).filter((x) => x.isredundantrouter && pairKey(x) === r.info.pairkey);
      cache.set(r.info.pairkey!, live);
    }
    const me = live.find((x) => x.id === r.id);
    const peers = live.filter((x) => x.id !== r.id);
    const down = peers.find((x) => x.state !== 'Running' || x.jobid);
    if (down) return `its redundant peer ${down.name} is ${down.state}${down.jobid ? ' with a job' : ''}; never both down`;
    // BACKUP first: a PRIMARY waits for a pending BACKUP peer of the same wave.
    if (me?.redundantstate === 'PRIMARY') {
      const backupFirst = inPlanPeers.find((x) => x.state === 'pending' && x.wave === r.wave && peers.find((p) => p.id === x.id)?.redundantstate === 'BACKUP');
      if (backupFirst) return `the BACKUP ${backupFirst.info.name} goes first`;
    } else if (me && me.redundantstate !== 'BACKUP') {
      // Neither PRIMARY nor BACKUP (FAULT, UNKNOWN): a peer that is BACKUP goes first, by id.
      const backupPeer = inPlanPeers.find((x) => x.state === 'pending' && peers.find((p) => p.id === x.id)?.redundantstate === 'BACKUP');
      if (backupPeer) return `the BACKUP ${backupPeer.info.name} goes first`;
    }
    // After a peer was upgraded by this plan: it must be BACKUP again and healthy before this one goes down.
    for (const upgraded of inPlanPeers.filter((x) => x.state === 'done')) {
      const peer = peers.find((p) => p.id === upgraded.id);
      if (!peer) return `its upgraded peer ${upgraded.info.name} is not listed`;
      if (peer.redundantstate !== 'BACKUP') return `its upgraded peer ${peer.name} is ${peer.redundantstate ?? 'UNKNOWN'}, not BACKUP yet`;
      if (plan.settings.healthgate) {
        const problem = await this.healthProblem(api, peer.id, peer.name);
        if (problem) {
          await this.pause(plan, `Health gate of a redundant pair: ${problem}; ${r.info.name} is not taken down`);
          return 'paused';
        }
      }
    }
    return undefined;
  }

  /**
   * Asks CloudStack for the upgrade job of a router already marked `starting` and stores the job id. Touches
   * only the router's record (the plan's record is the tick's): a failure is left in `outcomes` for the plan's
   * next step; an unreachable server or refused keys reject.
   */
  private async upgrade(planid: string, api: CloudStackApi, r: RouterRecord): Promise<void> {
    const { store } = this.o;
    let answer: Record<string, unknown>;
    try {
      answer = await api.call('upgradeRouterTemplate', { id: r.id });
    } catch (err) {
      if (err instanceof CloudStackCallError && err.errorcode === 0) {
        // Unreachable: whether the call arrived is unknown; reconcile on the next tick.
        this.reconciled.delete(planid);
        throw err;
      }
      if (err instanceof CloudStackCallError && err.errorcode === 401) {
        // Refused before anything was done: the router waits its turn again; the plan pauses (pass()).
        r.state = 'pending';
        await store.updateRouter(r);
        throw err;
      }
      await this.failed(planid, r, err instanceof CloudStackCallError ? err.errortext : (err as Error).message);
      return;
    }
    const jobid = ((answer.asyncjobs ?? []) as { jobid: string }[])[0]?.jobid;
    if (jobid) {
      r.state = 'upgrading';
      r.jobid = jobid;
      r.started = r.marked;
      await store.updateRouter(r);
      return;
    }
    const live = await this.live(api, r.id);
    if (live && live.requiresupgrade === false) {
      r.state = 'done';
      r.finished = this.now();
      await store.updateRouter(r);
      await store.addEvent(planid, this.now(), 'info', `${r.info.name} needed no upgrade any more`);
      return;
    }
    await this.failed(planid, r, 'upgradeRouterTemplate queued no job for it (is router.version.check false, or is it busy?)');
  }

  private async failed(planid: string, r: RouterRecord, error: string): Promise<void> {
    r.state = 'failed';
    r.started = r.marked;
    r.finished = this.now();
    r.error = error;
    await this.o.store.updateRouter(r);
    this.outcomeOf(planid).failed.push(r);
  }
}
