import type { Simulator } from '../api/context';
import { lastHostOf } from '../db/rows';
import { recordRouterEvent } from '../events/subjects';
import type { JobKind, JobRow, StepOutcome } from '../jobs/runner';
import { phasedJob, type Phase } from '../jobs/phases';
import { getRouter, RouterNames, routerResponse, type RouterRow } from './rows';
import { matchesNamePattern } from './hold';
import { failOver, placeRouter, redundantStateOnStart } from './redundancy';
import { zoneInternalId } from './send';

const ADMIN = 'org.apache.cloudstack.api.command.admin.router';
/** Simulated durations (ms at speed 1) of the phases of a router operation. */
export const ROUTER_PHASE_MS = { stop: 1200, start: 1800, forcedStop: 400, expunge: 800 };

type RouterPayload = { forced?: boolean; upgrade?: boolean; prevState?: string; prevTemplate?: string; prevVersion?: string };
type RouterPhase = Phase<RouterRow, RouterPayload>;

function setState(sim: Simulator, id: string, state: string,
  extra: Partial<Pick<RouterRow, 'hostid' | 'podid' | 'clusterid' | 'templateid' | 'version' | 'jobid' | 'redundantstate'>> = {}): void {
  const sets = ['state = ?'];
  const args: unknown[] = [state];
  for (const [k, v] of Object.entries(extra)) {
    sets.push(`${k} = ?`);
    args.push(v);
  }
  sim.db.prepare(`UPDATE routers SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
}

/**
 * The names of zones, pods, hosts, templates, offerings and domains for the routers whose jobs finish in one
 * synchronous run of the job runner: RouterNames reads each table once, so a tick that finishes twenty
 * reboots reads them once instead of twenty times. Forgotten at the end of that run (a microtask), so a
 * name changed by an API call is seen by the next tick.
 */
const namesOfTick = new WeakMap<Simulator, RouterNames>();
function tickNames(sim: Simulator): RouterNames {
  let names = namesOfTick.get(sim);
  if (!names) {
    names = new RouterNames(sim.db);
    namesOfTick.set(sim, names);
    queueMicrotask(() => namesOfTick.delete(sim));
  }
  return names;
}

function done(sim: Simulator, id: string): StepOutcome {
  const r = getRouter(sim.db, id);
  return { done: { router: r ? routerResponse(r, tickNames(sim)) : { id, state: 'Destroyed' } } };
}

function event(sim: Simulator, r: RouterRow, type: string, description: string, level: 'INFO' | 'ERROR' = 'INFO'): void {
  recordRouterEvent(sim.db, r, { type, level, description });
}

/** The outcome of a step on a router that is gone (also of the router's migration job). */
export function missingRouter(job: JobRow): StepOutcome {
  return { fail: { code: 431, text: `Router ${job.instanceid} no longer exists` } };
}

/** Puts a router back as it was when a job on it fails, and records why. */
function restore(sim: Simulator, job: JobRow, payload: RouterPayload, text: string, type: string): void {
  const r = getRouter(sim.db, job.instanceid ?? '');
  if (!r) return;
  const state = payload.prevState ?? r.state;
  setState(sim, r.id, state, {
    jobid: null,
    templateid: payload.prevTemplate ?? r.templateid,
    version: payload.prevVersion ?? r.version,
    hostid: state === 'Running' ? lastHostOf(r) : null,
  });
  event(sim, r, type, `Failed: ${text}`, 'ERROR');
}

export function routerJobKinds(sim: Simulator): Record<string, JobKind> {
  /** A router job of its phases; when it fails, the router is put back and an event of `type` says why. */
  const kind = (cmd: string, type: string, phases: RouterPhase[]): JobKind =>
    phasedJob<RouterRow, RouterPayload>({
      cmd: `${ADMIN}.${cmd}`,
      instancetype: 'DomainRouter',
      load: (id) => getRouter(sim.db, id),
      missing: missingRouter,
      phases,
      onFail: (job, payload, text) => restore(sim, job, payload, text, type),
    });

  /** The router stops, quickly when forced; the peer of a redundant PRIMARY takes over. */
  const stopping: RouterPhase = (r, job, p) => {
    failOver(sim, r);
    setState(sim, r.id, 'Stopping', { jobid: job.id });
    return { next: p.forced ? ROUTER_PHASE_MS.forcedStop : ROUTER_PHASE_MS.stop };
  };
  /**
   * The router runs again: on the host NetworkHelperImpl.startVirtualRouter picks (away from a running
   * redundant peer), joining as BACKUP when its peer is PRIMARY; an event of `type` says so.
   */
  const running = (type: string, description: (r: RouterRow) => string): RouterPhase => (r) => {
    const place = placeRouter(sim, r);
    setState(sim, r.id, 'Running', {
      hostid: place.id || null, podid: place.podid, clusterid: place.clusterid, jobid: null, redundantstate: redundantStateOnStart(sim, r),
    });
    if (place.id) sim.db.prepare(`UPDATE routers SET data = json_set(data, '$.lasthostid', ?) WHERE id = ?`).run(place.id, r.id);
    event(sim, r, type, description(getRouter(sim.db, r.id) ?? r));
    return done(sim, r.id);
  };

  /** The version a router reports once started: its template's (its root disk is rebuilt from it on start). */
  const templateVersion = (r: RouterRow) =>
    (sim.db.prepare('SELECT version FROM templates WHERE id = ?').pluck().get(r.templateid) as string | null | undefined) ?? r.version;

  // A start rebuilds the router's recreatable root disk from its template, as the start half of a reboot does.
  const start = kind('StartRouterCmd', 'ROUTER.START', [
    (r, job) => {
      setState(sim, r.id, 'Starting', { jobid: job.id, version: templateVersion(r) });
      return { next: ROUTER_PHASE_MS.start };
    },
    running('ROUTER.START', (r) => `Started router ${r.name}`),
  ]);

  const stop = kind('StopRouterCmd', 'ROUTER.STOP', [
    stopping,
    (r, _job, p) => {
      sim.db.prepare(`UPDATE routers SET data = json_set(data, '$.lasthostid', ?) WHERE id = ?`).run(lastHostOf(r), r.id);
      setState(sim, r.id, 'Stopped', { hostid: null, jobid: null });
      event(sim, r, 'ROUTER.STOP', `Stopped router ${r.name}${p.forced ? ' (forced)' : ''}`);
      return done(sim, r.id);
    },
  ]);

  /**
   * RebootRouterCmd: VirtualNetworkApplianceManagerImpl.rebootRouter stops and starts a Running router; any
   * other state fails the job with its ResourceUnavailableException (530 in the job result). The start
   * rebuilds the router's root disk from its template (the one the management-server upgrade pointed it
   * at), so the router then reports that template's version: this is how upgradeRouterTemplate upgrades.
   */
  const reboot = kind('RebootRouterCmd', 'ROUTER.REBOOT', [
    (r, job, p) => {
      if (r.state !== 'Running') {
        return { fail: { code: 530, text: `Resource [DataCenter:${zoneInternalId(sim, r.zoneid)}] is unreachable: Unable to reboot domR, it is not in right state ${r.state}` } };
      }
      sim.db.prepare('UPDATE jobs SET payload = ? WHERE id = ?').run(
        JSON.stringify({ ...p, prevState: r.state, prevTemplate: r.templateid, prevVersion: r.version }), job.id);
      return stopping(r, job, p);
    },
    (r) => {
      const t = sim.db.prepare('SELECT name, version FROM templates WHERE id = ?').get(r.templateid) as { name: string; version: string | null } | undefined;
      const version = t?.version ?? r.version;
      if (version !== r.version && isInjectedFailure(sim, r.name)) {
        return { fail: { code: 530, text: `Router ${r.name} did not come up on template ${t?.name ?? r.templateid} (fault injected with --fail-routers); it was left on version ${r.version}` } };
      }
      setState(sim, r.id, 'Starting', { version });
      return { next: ROUTER_PHASE_MS.start };
    },
    running('ROUTER.REBOOT', (r) => `Rebooted router ${r.name} (version ${r.version})`),
  ]);

  const destroy = kind('DestroyRouterCmd', 'ROUTER.DESTROY', [
    (r, job) => {
      failOver(sim, r);
      setState(sim, r.id, 'Expunging', { jobid: job.id, hostid: null });
      return { next: ROUTER_PHASE_MS.expunge };
    },
    (r) => {
      const last = routerResponse(r, new RouterNames(sim.db));
      sim.db.prepare('DELETE FROM routers WHERE id = ?').run(r.id);
      event(sim, r, 'ROUTER.DESTROY', `Destroyed router ${r.name}`);
      return { done: { router: { ...last, state: 'Destroyed', jobid: undefined, jobstatus: undefined } } };
    },
  ]);

  return { 'router.start': start, 'router.stop': stop, 'router.reboot': reboot, 'router.destroy': destroy };
}

export function isInjectedFailure(sim: Simulator, name: string): boolean {
  return matchesNamePattern(sim.options.failRouters, name);
}
