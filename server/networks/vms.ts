import { randomUUID } from 'node:crypto';
import { command } from '../api/registry';
import { checkAccess } from '../api/access';
import { ApiError, notFound, paramError } from '../api/errors';
import type { Simulator } from '../api/context';
import { nowDate, readData } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { JobKind, StepOutcome } from '../jobs/runner';
import { applyRulesRefusal } from '../routers/send';
import { vmResponse, type NetworkRow } from './commands';

/** Simulated durations (ms at speed 1) of a guest VM's deployment: allocation, then start. */
export const VM_PHASE_MS = { allocate: 600, start: 1200 };

interface VmRow { id: string; name: string; zoneid: string; hostid: string | null; accountid: string; account: string;
  domainid: string; domainpath: string; networkid: string | null; state: string; data: string }

/** The next free guest address of a network (its gateway is .1, routers and VMs take the rest). */
function nextGuestIp(sim: Simulator, n: NetworkRow): string {
  const cidr = (JSON.parse(n.data) as { cidr?: string }).cidr ?? '10.1.1.0/24';
  const base = cidr.replace(/\d+\/\d+$/, '');
  const used = new Set((sim.db.prepare(`SELECT json_extract(data, '$.ipaddress') AS ip FROM vms WHERE networkid = ?`).all(n.id) as { ip: string | null }[])
    .map((r) => r.ip));
  for (const r of sim.db.prepare('SELECT guestipaddress AS ip FROM routers WHERE networkid = ?').all(n.id) as { ip: string | null }[]) used.add(r.ip);
  for (let i = 2; i < 255; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
  throw new ApiError(533, `Insufficient address capacity in network ${n.name}`);
}

/**
 * deployVirtualMachine (DeployVMCmd, BaseAsyncCreateCmd: answers {id, jobid}; jobinstancetype
 * VirtualMachine). The VM is allocated in its network at once; its job starts it, which makes the
 * network's routers add its DHCP and DNS entry. When a router refuses (router.version.check on an outdated
 * router, or a router in the middle of starting) the start fails: DeployVMCmd turns the
 * ResourceUnavailableException into 534 with its text, and the VM stays Stopped.
 */
export const deployVirtualMachine = command({
  name: 'deployVirtualMachine',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const zone = sim.db.prepare('SELECT id, name, hypervisor FROM zones WHERE id = ?').get(p.zoneid) as { id: string; name: string; hypervisor: string } | undefined;
    if (!zone) throw notFound('zone', p.zoneid);
    const offering = sim.db.prepare('SELECT id, name, issystem, data FROM serviceofferings WHERE id = ?').get(p.serviceofferingid) as
      { id: string; name: string; issystem: number; data: string } | undefined;
    if (!offering || offering.issystem === 1) throw notFound('service offering', p.serviceofferingid);
    const template = sim.db.prepare('SELECT id, name, templatetype FROM templates WHERE id = ?').get(p.templateid) as
      { id: string; name: string; templatetype: string } | undefined;
    if (!template || template.templatetype === 'SYSTEM') throw notFound('template', p.templateid);
    const netid = p.networkids?.[0];
    const n = (netid
      ? sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(netid)
      : sim.db.prepare(`SELECT * FROM networks WHERE accountid = ? AND zoneid = ? AND type = 'Isolated' ORDER BY rowid LIMIT 1`).get(caller.accountid, zone.id)) as
      NetworkRow | undefined;
    if (!n) throw netid ? notFound('network', netid) : paramError('Unable to execute API command deployvirtualmachine due to missing parameter networkids');
    if (n.type !== 'Shared') checkAccess(caller, n, `network ${n.name}`);
    if (n.zoneid !== zone.id) throw paramError(`Network ${n.name} is not in zone ${zone.name}`);
    const host = sim.db.prepare(`SELECT id FROM hosts WHERE zoneid = ? AND state = 'Up' ORDER BY rowid LIMIT 1`).get(zone.id) as { id: string } | undefined;
    const id = randomUUID();
    const name = p.name ?? `VM-${id}`;
    const o = readData(offering);
    const owner = caller.accounttype === 1 && n.type !== 'Shared' ? n : caller;
    sim.db.prepare(`INSERT INTO vms (id, name, zoneid, hostid, accountid, account, domainid, domainpath, networkid, state, data)
      VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 'Stopped', ?)`).run(id, name, zone.id, owner.accountid, owner.account, owner.domainid,
      owner.domainpath, n.id, JSON.stringify({
        displayname: p.displayname ?? name, zonename: zone.name, hypervisor: zone.hypervisor, templateid: template.id,
        templatename: template.name, serviceofferingid: offering.id, serviceofferingname: offering.name,
        cpunumber: o.cpunumber, cpuspeed: o.cpuspeed, memory: o.memory, ipaddress: nextGuestIp(sim, n),
        instancename: `i-${id.slice(0, 8)}-VM`, created: nowDate(), vmtype: 'User', displayvm: true,
      }));
    const jobid = sim.jobs.submit({ kind: 'vm.deploy', caller, instanceid: id, payload: { startvm: p.startvm ?? true, hostid: host?.id ?? null } });
    return { jobid, id };
  },
});

/** destroyVirtualMachine (async): the VM is stopped and destroyed (or removed with expunge=true). */
export const destroyVirtualMachine = command({
  name: 'destroyVirtualMachine',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const vm = sim.db.prepare('SELECT * FROM vms WHERE id = ?').get(p.id) as VmRow | undefined;
    if (!vm) throw notFound('virtual machine', p.id);
    checkAccess(caller, vm, `VM ${vm.name}`);
    if (vm.state === 'Destroyed' && !p.expunge) throw paramError(`VM ${vm.name} is already destroyed`);
    const jobid = sim.jobs.submit({ kind: 'vm.destroy', caller, instanceid: vm.id, payload: { expunge: p.expunge ?? false } });
    return { jobid };
  },
});

export function vmJobKinds(sim: Simulator): Record<string, JobKind> {
  const load = (id: string) => sim.db.prepare('SELECT * FROM vms WHERE id = ?').get(id) as VmRow | undefined;
  const vmEvent = (vm: VmRow, type: string, description: string, level: 'INFO' | 'ERROR' = 'INFO') =>
    recordEvent(sim.db, { type, level, description, owner: ownerOf(sim.db, vm), resourceid: vm.id, resourcetype: 'VirtualMachine', resourcename: vm.name });
  const deploy: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.vm.DeployVMCmd',
    instancetype: 'VirtualMachine',
    step(job, payload, step): StepOutcome {
      const vm = load(job.instanceid!);
      if (!vm) return { fail: { code: 530, text: `VM ${job.instanceid} no longer exists` } };
      if (payload.startvm === false) return { done: { virtualmachine: vmResponse(sim.db, vm) } };
      if (step === 0) {
        sim.db.prepare(`UPDATE vms SET state = 'Starting' WHERE id = ?`).run(vm.id);
        return { next: VM_PHASE_MS.allocate };
      }
      if (step === 1) {
        // Starting the VM prepares its NIC: the routers add its DHCP and DNS entry.
        const refused = vm.networkid ? applyRulesRefusal(sim, vm.networkid, 'dhcp entry') : undefined;
        if (refused) return { fail: { code: 534, text: refused } };
        return { next: VM_PHASE_MS.start };
      }
      sim.db.prepare(`UPDATE vms SET state = 'Running', hostid = ? WHERE id = ?`).run((payload.hostid as string | null) ?? null, vm.id);
      vmEvent(vm, 'VM.CREATE', `Deployed VM ${vm.name}`);
      return { done: { virtualmachine: vmResponse(sim.db, load(vm.id)!) } };
    },
    onFail(job, _payload, text) {
      const vm = load(job.instanceid!);
      if (!vm) return;
      sim.db.prepare(`UPDATE vms SET state = 'Stopped', hostid = NULL WHERE id = ?`).run(vm.id);
      vmEvent(vm, 'VM.START', `Failed to start VM ${vm.name}: ${text}`, 'ERROR');
    },
  };
  const destroy: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.vm.DestroyVMCmd',
    instancetype: 'VirtualMachine',
    step(job, payload): StepOutcome {
      const vm = load(job.instanceid!);
      if (!vm) return { fail: { code: 431, text: `Unable to find VM ${job.instanceid}` } };
      sim.db.prepare('UPDATE public_ips SET vmid = NULL WHERE vmid = ?').run(vm.id);
      if (payload.expunge === true) sim.db.prepare('DELETE FROM vms WHERE id = ?').run(vm.id);
      else sim.db.prepare(`UPDATE vms SET state = 'Destroyed', hostid = NULL WHERE id = ?`).run(vm.id);
      vmEvent(vm, 'VM.DESTROY', `Destroyed VM ${vm.name}`);
      return { done: { virtualmachine: { ...vmResponse(sim.db, vm), state: payload.expunge === true ? 'Expunging' : 'Destroyed', hostid: undefined, hostname: undefined } } };
    },
  };
  return { 'vm.deploy': deploy, 'vm.destroy': destroy };
}

export const vmCommands = [deployVirtualMachine, destroyVirtualMachine];
