import type { Simulator } from '../api/context';
import { lastHostOf } from '../db/rows';
import { recordRouterEvent, recordSystemVmEvent } from '../events/subjects';
import type { JobKind, JobRow, StepOutcome } from '../jobs/runner';
import { phasedJob, type Phase } from '../jobs/phases';
import { missingRouter } from '../routers/jobs';
import { getRouter, type RouterRow } from '../routers/rows';
import { createSystemVm, pickHost } from './create';
import { consoleProxyLifecycle } from './lifecycle';
import { eventPrefix, getSystemVm, setSystemVm, routerSystemVmResponse, systemVmResponse, typeWord, type SystemVmRow, type SystemVmType } from './rows';

const ADMIN = 'org.apache.cloudstack.api.command.admin.systemvm';
/** Simulated durations (ms at speed 1) of the phases of a system VM operation. */
export const SYSTEMVM_PHASE_MS = { start: 2500, stop: 1500, forcedStop: 400, expunge: 800, migrate: 2000, scale: 1000 };

export interface SystemVmPayload {
  forced?: boolean;
  prevState?: string;
  hostid?: string;
  serviceofferingid?: string;
  /** destroySystemVm: deploy a replacement of the same type in the zone (CloudStack keeps one of each). */
  recreate?: boolean;
  /** Why the VM goes down, for the console sessions it ends. */
  reason?: string;
}

type SystemVmPhase = Phase<SystemVmRow, SystemVmPayload>;

function event(sim: Simulator, r: SystemVmRow, action: string, description: string, level: 'INFO' | 'WARN' | 'ERROR' = 'INFO'): void {
  recordSystemVmEvent(sim.db, r, { type: `${eventPrefix(r.systemvmtype)}.${action}`, level, description });
}

function done(sim: Simulator, id: string): StepOutcome {
  const r = getSystemVm(sim.db, id);
  return { done: { systemvm: r ? { ...systemVmResponse(sim.db, r, sim), jobid: undefined, jobstatus: undefined } : { id, state: 'Destroyed' } } };
}

function missing(job: JobRow): StepOutcome {
  return { fail: { code: 431, text: `System VM ${job.instanceid} no longer exists` } };
}

/** Puts a system VM back as it was when a job on it fails, and records why. */
function restore(sim: Simulator, job: JobRow, payload: SystemVmPayload, text: string, action: string): void {
  const r = getSystemVm(sim.db, job.instanceid ?? '');
  if (!r) return;
  const state = payload.prevState ?? r.state;
  setSystemVm(sim.db, r.id, { state, jobid: null, hostid: state === 'Running' ? lastHostOf(r) : null });
  if (state === 'Running') consoleProxyLifecycle.started(sim, r);
  event(sim, r, action, `Failed: ${text}`, 'ERROR');
}

function goingDown(sim: Simulator, r: SystemVmRow, reason: string): void {
  if (r.state === 'Running') consoleProxyLifecycle.stopping(sim, r, reason);
}

export function systemVmJobKinds(sim: Simulator): Record<string, JobKind> {
  const kind = (cmd: string, phases: SystemVmPhase[], onFail: (job: JobRow, payload: SystemVmPayload, text: string) => void): JobKind =>
    phasedJob<SystemVmRow, SystemVmPayload>({
      cmd: `${ADMIN}.${cmd}`,
      instancetype: 'SystemVm',
      load: (id) => getSystemVm(sim.db, id),
      missing,
      phases,
      onFail,
    });
  /** On failure the VM is put back as it was and an event of `action` says why. */
  const restoring = (action: string) => (job: JobRow, payload: SystemVmPayload, text: string) => restore(sim, job, payload, text, action);

  /** The VM boots, for this job. */
  const starting: SystemVmPhase = (r, job) => {
    setSystemVm(sim.db, r.id, { state: 'Starting', jobid: job.id });
    return { next: SYSTEMVM_PHASE_MS.start };
  };
  /** The VM goes down (its console sessions end, for the reason given) and stops, for this job; quickly when forced. */
  const stopping = (reason: (r: SystemVmRow, p: SystemVmPayload) => string, data: Record<string, unknown>): SystemVmPhase => (r, job, p) => {
    goingDown(sim, r, reason(r, p));
    setSystemVm(sim.db, r.id, { state: 'Stopping', jobid: job.id }, data);
    return { next: p.forced ? SYSTEMVM_PHASE_MS.forcedStop : SYSTEMVM_PHASE_MS.stop };
  };
  /** The VM is up: Running with its agent Up, back in the console proxies' service; an event says so and the job answers it. */
  const up = (r: SystemVmRow, fields: Partial<Pick<SystemVmRow, 'hostid'>>, data: Record<string, unknown>, action: string, description: string): StepOutcome => {
    setSystemVm(sim.db, r.id, { state: 'Running', ...fields, jobid: null }, { agentstate: 'Up', ...data });
    consoleProxyLifecycle.started(sim, r);
    event(sim, r, action, description);
    return done(sim, r.id);
  };

  const start = kind('StartSystemVMCmd', [
    starting,
    (r) => {
      const host = lastHostOf(r) ?? pickHost(sim, r.zoneid).id;
      return up(r, { hostid: host }, { lasthostid: host }, 'START', `Started ${typeWord(r.systemvmtype)} ${r.name}`);
    },
  ], restoring('START'));

  const stop = kind('StopSystemVmCmd', [
    stopping((r, p) => p.reason ?? `${typeWord(r.systemvmtype)} ${r.name} is stopping`, { agentstate: 'Disconnected' }),
    (r, _job, p) => {
      setSystemVm(sim.db, r.id, { state: 'Stopped', hostid: null, jobid: null }, { lasthostid: lastHostOf(r), activeviewersessions: 0 });
      event(sim, r, 'STOP', `Stopped ${typeWord(r.systemvmtype)} ${r.name}${p.forced ? ' (forced)' : ''}`);
      return done(sim, r.id);
    },
  ], restoring('STOP'));

  const reboot = kind('RebootSystemVmCmd', [
    stopping((r) => `${typeWord(r.systemvmtype)} ${r.name} is rebooting`, { agentstate: 'Disconnected', activeviewersessions: 0 }),
    (r) => {
      setSystemVm(sim.db, r.id, { state: 'Starting' });
      return { next: SYSTEMVM_PHASE_MS.start };
    },
    (r) => up(r, { hostid: lastHostOf(r) }, {}, 'REBOOT', `Rebooted ${typeWord(r.systemvmtype)} ${r.name}`),
  ], restoring('REBOOT'));

  const destroy = kind('DestroySystemVmCmd', [
    (r, job, p) => {
      goingDown(sim, r, p.reason ?? `${typeWord(r.systemvmtype)} ${r.name} is being destroyed`);
      const wasUp = r.state === 'Running' || r.state === 'Starting';
      setSystemVm(sim.db, r.id, { state: wasUp ? 'Stopping' : 'Expunging', jobid: job.id }, { agentstate: 'Disconnected', activeviewersessions: 0 });
      return { next: wasUp ? SYSTEMVM_PHASE_MS.forcedStop : 1 };
    },
    (r) => {
      setSystemVm(sim.db, r.id, { state: 'Expunging', hostid: null });
      return { next: SYSTEMVM_PHASE_MS.expunge };
    },
    (r, job, p) => {
      const last = systemVmResponse(sim.db, r, sim);
      sim.db.prepare('DELETE FROM systemvms WHERE id = ?').run(r.id);
      consoleProxyLifecycle.destroyed(sim, r);
      event(sim, r, 'DESTROY', `Destroyed ${typeWord(r.systemvmtype)} ${r.name}`);
      if (p.recreate !== false) {
        const d = JSON.parse(r.data) as { serviceofferingid?: string; lasthostid?: string };
        deployReplacement(sim, job, r.zoneid, r.systemvmtype as SystemVmType, d.serviceofferingid, d.lasthostid);
      }
      return { done: { systemvm: { ...last, state: 'Destroyed', jobid: undefined, jobstatus: undefined, hostid: undefined, hostname: undefined } } };
    },
  ], restoring('DESTROY'));

  const create = kind('StartSystemVMCmd', [
    starting,
    (r) => up(r, {}, { lasthostid: r.hostid }, 'CREATE', `Created and started ${typeWord(r.systemvmtype)} ${r.name} on template version ${r.version}`),
  ], (job, _payload, text) => {
    const r = getSystemVm(sim.db, job.instanceid ?? '');
    if (!r) return;
    setSystemVm(sim.db, r.id, { state: 'Stopped', hostid: null, jobid: null });
    event(sim, r, 'CREATE', `Failed to start the new ${typeWord(r.systemvmtype)} ${r.name}: ${text}`, 'ERROR');
  });

  const scale = kind('ScaleSystemVMCmd', [
    (r, job) => {
      setSystemVm(sim.db, r.id, { jobid: job.id });
      return { next: SYSTEMVM_PHASE_MS.scale };
    },
    (r, _job, p) => {
      const o = sim.db.prepare('SELECT id, name FROM serviceofferings WHERE id = ?').get(p.serviceofferingid) as { id: string; name: string } | undefined;
      if (!o) return { fail: { code: 431, text: `Service offering ${p.serviceofferingid} no longer exists` } };
      setSystemVm(sim.db, r.id, { jobid: null }, { serviceofferingid: o.id, serviceofferingname: o.name });
      event(sim, r, 'SCALE', `Scaled ${typeWord(r.systemvmtype)} ${r.name} to service offering ${o.name}`);
      return done(sim, r.id);
    },
  ], restoring('SCALE'));

  /**
   * migrateSystemVm: a live migration to another host of the VM's cluster. CloudStack's migrateSystemVm moves
   * routers as well as console proxy and secondary storage VMs, so there is one job kind for each table.
   */
  const migrate = kind('MigrateSystemVMCmd', [
    (r, job) => {
      setSystemVm(sim.db, r.id, { state: 'Migrating', jobid: job.id });
      return { next: SYSTEMVM_PHASE_MS.migrate };
    },
    (r, _job, p) => {
      const from = r.hostid;
      const target = sim.db.prepare('SELECT id, name, podid FROM hosts WHERE id = ?').get(p.hostid) as { id: string; name: string; podid: string } | undefined;
      if (!target) return { fail: { code: 431, text: `Host ${p.hostid} no longer exists` } };
      setSystemVm(sim.db, r.id, { state: 'Running', hostid: target.id, podid: target.podid, jobid: null }, { lasthostid: target.id });
      const fromName = from ? (sim.db.prepare('SELECT name FROM hosts WHERE id = ?').get(from) as { name: string } | undefined)?.name : undefined;
      recordSystemVmEvent(sim.db, r, { type: 'VM.MIGRATE', description: `Migrated ${typeWord(r.systemvmtype)} ${r.name} from host ${fromName ?? from} to host ${target.name}` });
      return done(sim, r.id);
    },
  ], (job, payload, text) => restore(sim, job, { ...payload, prevState: 'Running' }, text, 'MIGRATE'));

  const migrateRouter = phasedJob<RouterRow, SystemVmPayload>({
    cmd: `${ADMIN}.MigrateSystemVMCmd`,
    instancetype: 'DomainRouter',
    load: (id) => getRouter(sim.db, id),
    missing: missingRouter,
    phases: [
      (r, job) => {
        sim.db.prepare(`UPDATE routers SET state = 'Migrating', jobid = ? WHERE id = ?`).run(job.id, r.id);
        return { next: SYSTEMVM_PHASE_MS.migrate };
      },
      (r, _job, p) => {
        const target = sim.db.prepare('SELECT id, name, podid, clusterid FROM hosts WHERE id = ?').get(p.hostid) as
          | { id: string; name: string; podid: string; clusterid: string }
          | undefined;
        if (!target) return { fail: { code: 431, text: `Host ${p.hostid} no longer exists` } };
        const fromName = r.hostid ? (sim.db.prepare('SELECT name FROM hosts WHERE id = ?').get(r.hostid) as { name: string } | undefined)?.name : undefined;
        sim.db
          .prepare(`UPDATE routers SET state = 'Running', hostid = ?, podid = ?, clusterid = ?, jobid = NULL, data = json_set(data, '$.lasthostid', ?) WHERE id = ?`)
          .run(target.id, target.podid, target.clusterid, target.id, r.id);
        recordRouterEvent(sim.db, r, { type: 'VM.MIGRATE', description: `Migrated router ${r.name} from host ${fromName ?? r.hostid} to host ${target.name}` });
        const after = getRouter(sim.db, r.id)!;
        return { done: { systemvm: routerSystemVmResponse(sim.db, after) } };
      },
    ],
    onFail(job, _payload, text) {
      const r = getRouter(sim.db, job.instanceid ?? '');
      if (!r) return;
      sim.db.prepare(`UPDATE routers SET state = 'Running', jobid = NULL WHERE id = ?`).run(r.id);
      recordRouterEvent(sim.db, r, { type: 'VM.MIGRATE', level: 'ERROR', description: `Failed to migrate router ${r.name}: ${text}` });
    },
  });

  return {
    'systemvm.start': start, 'systemvm.stop': stop, 'systemvm.reboot': reboot, 'systemvm.destroy': destroy,
    'systemvm.create': create, 'systemvm.scale': scale, 'systemvm.migrate': migrate, 'router.migrate': migrateRouter,
  };
}

/** Deploys a new system VM in place of a destroyed one and submits the job that starts it. */
export function deployReplacement(
  sim: Simulator,
  job: Pick<JobRow, 'userid' | 'accountid' | 'domainpath'>,
  zoneid: string,
  type: SystemVmType,
  serviceofferingid?: string,
  avoidHost?: string | null,
): string {
  const id = createSystemVm(sim, zoneid, type, { serviceofferingid, avoidHost });
  const jobid = sim.jobs.submit({ kind: 'systemvm.create', caller: job, instanceid: id });
  setSystemVm(sim.db, id, { jobid });
  return id;
}
