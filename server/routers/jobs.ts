import type { Simulator } from '../api/context';
import { lastHostOf } from '../db/rows';
import { recordRouterEvent } from '../events/subjects';
import type { JobKind, JobRow, StepOutcome } from '../jobs/runner';
import { phasedJob, type Phase } from '../jobs/phases';
import { getRouter, RouterNames, routerResponse, type RouterRow } from './rows';
import { routerTemplateFor } from './templates';
import { matchesNamePattern } from './hold';

const ADMIN = 'org.apache.cloudstack.api.command.admin.router';
/** Simulated durations (ms at speed 1) of the phases of a router operation. */
export const ROUTER_PHASE_MS = { stop: 1200, start: 1800, forcedStop: 400, expunge: 800 };

type RouterPayload = { forced?: boolean; prevState?: string; prevTemplate?: string; prevVersion?: string };
type RouterPhase = Phase<RouterRow, RouterPayload>;

function setState(sim: Simulator, id: string, state: string, extra: Partial<Pick<RouterRow, 'hostid' | 'templateid' | 'version' | 'jobid'>> = {}): void {
  const sets = ['state = ?'];
  const args: unknown[] = [state];
  for (const [k, v] of Object.entries(extra)) {
    sets.push(`${k} = ?`);
    args.push(v);
  }
  sim.db.prepare(`UPDATE routers SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
}

function done(sim: Simulator, id: string): StepOutcome {
  const r = getRouter(sim.db, id);
  return { done: { router: r ? routerResponse(r, new RouterNames(sim.db)) : { id, state: 'Destroyed' } } };
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

  /** The router stops, quickly when forced. */
  const stopping: RouterPhase = (r, job, p) => {
    setState(sim, r.id, 'Stopping', { jobid: job.id });
    return { next: p.forced ? ROUTER_PHASE_MS.forcedStop : ROUTER_PHASE_MS.stop };
  };
  /** The router runs on its last host again; an event of `type` says so and the job answers the router. */
  const running = (type: string, description: (r: RouterRow) => string): RouterPhase => (r) => {
    setState(sim, r.id, 'Running', { hostid: lastHostOf(r), jobid: null });
    event(sim, r, type, description(r));
    return done(sim, r.id);
  };

  const start = kind('StartRouterCmd', 'ROUTER.START', [
    (r, job) => {
      setState(sim, r.id, 'Starting', { jobid: job.id });
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

  const reboot = kind('RebootRouterCmd', 'ROUTER.REBOOT', [
    stopping,
    (r) => {
      setState(sim, r.id, 'Starting');
      return { next: ROUTER_PHASE_MS.start };
    },
    running('ROUTER.REBOOT', (r) => `Rebooted router ${r.name}`),
  ]);

  const destroy = kind('DestroyRouterCmd', 'ROUTER.DESTROY', [
    (r, job) => {
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

  const upgrade = kind('UpgradeRouterTemplateCmd', 'ROUTER.UPGRADE', [
    (r, job) => {
      sim.db.prepare('UPDATE jobs SET payload = ? WHERE id = ?').run(
        JSON.stringify({ prevState: r.state, prevTemplate: r.templateid, prevVersion: r.version }), job.id);
      if (r.state !== 'Running') {
        // A stopped router takes the new template now and boots it when it is next started.
        const t = routerTemplateFor(sim.db, sim.settings, r.zoneid);
        setState(sim, r.id, r.state, { templateid: t.id, version: t.version, jobid: null });
        event(sim, r, 'ROUTER.UPGRADE', `Upgraded stopped router ${r.name} to template ${t.name} (${t.version})`);
        return done(sim, r.id);
      }
      setState(sim, r.id, 'Stopping', { jobid: job.id });
      return { next: ROUTER_PHASE_MS.stop };
    },
    (r) => {
      const t = routerTemplateFor(sim.db, sim.settings, r.zoneid);
      if (isInjectedFailure(sim, r.name)) {
        return { fail: { code: 530, text: `Router ${r.name} did not come up on template ${t.name} (fault injected with --fail-routers); it was left on version ${r.version}` } };
      }
      setState(sim, r.id, 'Starting', { templateid: t.id, version: t.version });
      return { next: ROUTER_PHASE_MS.start };
    },
    (r, _job, p) => {
      const wasRunning = p.prevState === 'Running';
      setState(sim, r.id, wasRunning ? 'Running' : r.state === 'Starting' ? 'Running' : r.state, { hostid: lastHostOf(r), jobid: null });
      event(sim, r, 'ROUTER.UPGRADE', `Upgraded router ${r.name} to version ${r.version}`);
      return done(sim, r.id);
    },
  ]);

  return { 'router.start': start, 'router.stop': stop, 'router.reboot': reboot, 'router.destroy': destroy, 'router.upgrade': upgrade };
}

export function isInjectedFailure(sim: Simulator, name: string): boolean {
  return matchesNamePattern(sim.options.failRouters, name);
}
