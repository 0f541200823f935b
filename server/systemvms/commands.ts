import { command } from '../api/registry';
import { addEqIgnoringCase, addEqs, addKeyword, emptyFilter, pageWindow, queryPage } from '../api/listing';
import type { Caller, Simulator } from '../api/context';
import { ApiError, notFound, paramError } from '../api/errors';
import { recordRouterEvent, recordSystemVmEvent } from '../events/subjects';
import { getRouter } from '../routers/rows';
import { findMigrationSubject, migrationCandidates } from './migration';
import { eventPrefix, getSystemVm, setSystemVm, systemVmResponse, typeWord, type SystemVmRow } from './rows';

export { systemVmResponse, type SystemVmRow } from './rows';

export const listSystemVms = command({
  name: 'listSystemVms',
  access: 'root',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name', 'zoneid', 'podid', 'hostid', 'systemvmtype']);
    addEqIgnoringCase(f, 'state', p.state);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<SystemVmRow>(sim.db, sim, 'systemvms', f, p, 'rowid');
    return { count, items: rows.map((r) => systemVmResponse(sim.db, r, sim)) };
  },
});

function systemVmFor(sim: Simulator, id: string): SystemVmRow {
  const r = getSystemVm(sim.db, id);
  if (!r) throw notFound('system vm', id);
  return r;
}

function assertIdle(r: SystemVmRow): void {
  if (r.jobid) throw new ApiError(536, `System VM ${r.name} is busy with another operation (job ${r.jobid}); try again when it finishes`);
}

function scheduled(sim: Simulator, r: SystemVmRow, action: string, text: string): void {
  recordSystemVmEvent(sim.db, r, { type: `${eventPrefix(r.systemvmtype)}.${action}`, state: 'Scheduled', description: text });
}

function submit(sim: Simulator, caller: Caller, r: SystemVmRow, kind: string, payload: Record<string, unknown>): { jobid: string; id: string } {
  const jobid = sim.jobs.submit({ kind, caller, instanceid: r.id, payload: { prevState: r.state, ...payload } });
  setSystemVm(sim.db, r.id, { jobid });
  return { jobid, id: r.id };
}

export const startSystemVm = command({
  name: 'startSystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    if (r.state !== 'Stopped') throw new ApiError(431, `System VM ${r.name} is ${r.state}; only a stopped system VM can be started`);
    scheduled(sim, r, 'START', `Starting ${typeWord(r.systemvmtype)} ${r.name}`);
    return submit(sim, caller, r, 'systemvm.start', {});
  },
});

export const stopSystemVm = command({
  name: 'stopSystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    if (r.state !== 'Running') throw new ApiError(431, `System VM ${r.name} is ${r.state}; only a running system VM can be stopped`);
    scheduled(sim, r, 'STOP', `Stopping ${typeWord(r.systemvmtype)} ${r.name}${p.forced ? ' (forced)' : ''}`);
    return submit(sim, caller, r, 'systemvm.stop', { forced: p.forced ?? false });
  },
});

export const rebootSystemVm = command({
  name: 'rebootSystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    if (r.state !== 'Running') throw new ApiError(431, `System VM ${r.name} is ${r.state}; only a running system VM can be rebooted`);
    scheduled(sim, r, 'REBOOT', `Rebooting ${typeWord(r.systemvmtype)} ${r.name}`);
    return submit(sim, caller, r, 'systemvm.reboot', { forced: p.forced ?? false });
  },
});

export const destroySystemVm = command({
  name: 'destroySystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    if (r.state === 'Expunging' || r.state === 'Destroyed') throw new ApiError(431, `System VM ${r.name} is already ${r.state}`);
    scheduled(sim, r, 'DESTROY', `Destroying ${typeWord(r.systemvmtype)} ${r.name}; a new one is deployed in its place`);
    return submit(sim, caller, r, 'systemvm.destroy', { recreate: true });
  },
});

export const findHostsForMigration = command({
  name: 'findHostsForMigration',
  access: 'root',
  handle: ({ sim }, p) => {
    const subject = findMigrationSubject(sim, p.virtualmachineid);
    if (!subject) throw notFound('virtual machine', p.virtualmachineid);
    if (subject.state !== 'Running') {
      throw new ApiError(431, `VM ${subject.name} is ${subject.state}; only a running VM can be migrated, so it has no hosts to move to`);
    }
    let hosts = migrationCandidates(sim, subject);
    if (p.keyword) hosts = hosts.filter((h) => String(h.name).toLowerCase().includes(p.keyword!.toLowerCase()));
    const { limit, offset } = pageWindow(sim, p);
    return { count: hosts.length, items: hosts.slice(offset, offset + limit) };
  },
});

export const migrateSystemVm = command({
  name: 'migrateSystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    if (p.storageid) throw paramError('Unable to execute API command migratesystemvm: storage migration (storageid) is not supported here; give hostid or autoselect');
    const subject = findMigrationSubject(sim, p.virtualmachineid);
    if (!subject || subject.kind === 'vm') throw notFound('system vm', p.virtualmachineid);
    if (subject.kind === 'router') {
      const r = getRouter(sim.db, subject.id)!;
      if (r.jobid) throw new ApiError(536, `Router ${r.name} is busy with another operation (job ${r.jobid}); try again when it finishes`);
    } else {
      assertIdle(getSystemVm(sim.db, subject.id)!);
    }
    if (subject.state !== 'Running') throw new ApiError(431, `VM ${subject.name} is ${subject.state}; only a running VM can be migrated`);
    const candidates = migrationCandidates(sim, subject);
    let hostid = p.hostid;
    if (!hostid) {
      if (p.autoselect === false) throw paramError('Unable to execute API command migratesystemvm due to missing parameter hostid (autoselect is false)');
      // Autoselect: the least allocated suitable host.
      const best = [...candidates].sort((a, b) => Number(a.memoryallocated) - Number(b.memoryallocated))[0];
      if (!best) throw new ApiError(533, `No suitable host found to migrate VM ${subject.name}: its cluster has no other host that is Up`);
      hostid = String(best.id);
    } else {
      if (hostid === subject.hostid) throw paramError(`VM ${subject.name} already runs on host ${hostid}`);
      if (!sim.db.prepare('SELECT 1 FROM hosts WHERE id = ?').get(hostid)) throw notFound('host', hostid);
      if (!candidates.some((h) => h.id === hostid)) {
        throw new ApiError(431, `Host ${hostid} is not suitable for migrating VM ${subject.name}: choose an Up host of the same cluster (findHostsForMigration)`);
      }
    }
    const target = sim.db.prepare('SELECT name FROM hosts WHERE id = ?').get(hostid) as { name: string };
    if (subject.kind === 'router') {
      const r = getRouter(sim.db, subject.id)!;
      const jobid = sim.jobs.submit({ kind: 'router.migrate', caller, instanceid: r.id, payload: { hostid, prevState: r.state } });
      sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(jobid, r.id);
      recordRouterEvent(sim.db, r, { type: 'VM.MIGRATE', state: 'Scheduled', description: `Migrating router ${r.name} to host ${target.name}` });
      return { jobid, id: r.id };
    }
    const r = getSystemVm(sim.db, subject.id)!;
    recordSystemVmEvent(sim.db, r, { type: 'VM.MIGRATE', state: 'Scheduled', description: `Migrating ${typeWord(r.systemvmtype)} ${r.name} to host ${target.name}` });
    return submit(sim, caller, r, 'systemvm.migrate', { hostid });
  },
});

interface OfferingRow { id: string; name: string; issystem: number; systemvmtype: string | null; data: string }

function offeringFor(sim: Simulator, r: SystemVmRow, id: string): OfferingRow {
  const o = sim.db.prepare('SELECT * FROM serviceofferings WHERE id = ?').get(id) as OfferingRow | undefined;
  if (!o) throw notFound('service offering', id);
  if (o.issystem !== 1 || o.systemvmtype !== r.systemvmtype) {
    throw new ApiError(431, `Service offering ${o.name} is not a system offering for a ${typeWord(r.systemvmtype)} (systemvmtype ${r.systemvmtype})`);
  }
  if ((JSON.parse(o.data) as { state?: string }).state === 'Inactive') throw new ApiError(431, `Service offering ${o.name} is inactive`);
  return o;
}

function size(o: { data: string }): { cpu: number; mem: number } {
  const d = JSON.parse(o.data) as { cpunumber?: number; cpuspeed?: number; memory?: number };
  return { cpu: (d.cpunumber ?? 1) * (d.cpuspeed ?? 0), mem: d.memory ?? 0 };
}

export const scaleSystemVm = command({
  name: 'scaleSystemVm',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    const o = offeringFor(sim, r, p.serviceofferingid);
    const d = JSON.parse(r.data) as { serviceofferingid?: string; hypervisor?: string };
    if (d.serviceofferingid === o.id) throw paramError(`System VM ${r.name} already uses service offering ${o.name}`);
    if (r.state === 'Running') {
      const zone = sim.db.prepare('SELECT hypervisor FROM zones WHERE id = ?').get(r.zoneid) as { hypervisor: string };
      if (zone.hypervisor === 'KVM') {
        throw new ApiError(431, `Live scaling of system VM ${r.name} is not supported on KVM; stop it and use changeServiceForSystemVm`);
      }
      const cur = sim.db.prepare('SELECT data FROM serviceofferings WHERE id = ?').get(d.serviceofferingid) as { data: string } | undefined;
      if (cur) {
        const a = size(cur);
        const b = size(o);
        if (b.cpu < a.cpu || b.mem < a.mem) {
          throw new ApiError(431, `A running system VM can only be scaled up: ${o.name} has less CPU or memory than the current offering`);
        }
      }
    } else if (r.state !== 'Stopped') {
      throw new ApiError(431, `System VM ${r.name} is ${r.state}; it can be scaled when Running or Stopped`);
    }
    scheduled(sim, r, 'SCALE', `Scaling ${typeWord(r.systemvmtype)} ${r.name} to ${o.name}`);
    return submit(sim, caller, r, 'systemvm.scale', { serviceofferingid: o.id });
  },
});

export const changeServiceForSystemVm = command({
  name: 'changeServiceForSystemVm',
  access: 'root',
  handle: ({ sim }, p) => {
    const r = systemVmFor(sim, p.id);
    assertIdle(r);
    if (r.state !== 'Stopped') {
      throw new ApiError(431, `Unable to change the service offering of system VM ${r.name}: it is ${r.state}; stop it first`);
    }
    const o = offeringFor(sim, r, p.serviceofferingid);
    setSystemVm(sim.db, r.id, {}, { serviceofferingid: o.id, serviceofferingname: o.name });
    recordSystemVmEvent(sim.db, r, { type: `${eventPrefix(r.systemvmtype)}.UPGRADE`, description: `Changed the service offering of ${typeWord(r.systemvmtype)} ${r.name} to ${o.name}` });
    return systemVmResponse(sim.db, getSystemVm(sim.db, r.id)!, sim);
  },
});

export const systemVmCommands = [listSystemVms, startSystemVm, stopSystemVm, rebootSystemVm, destroySystemVm, findHostsForMigration,
  migrateSystemVm, scaleSystemVm, changeServiceForSystemVm];
