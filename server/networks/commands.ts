import type { Answer } from '../../src/api/commands';
import type { networkSchema, virtualMachineSchema } from '../../src/api/schemas';
import { command } from '../api/registry';
import { addEqIgnoringCase, addEqs, addIn, addKeyword, queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { ApiError, notFound } from '../api/errors';
import { readData } from '../db/rows';
import { serviceList } from '../infrastructure/services';
import { guestMac } from '../infrastructure/nics';
import { DERIVED_NETWORK, derivedId } from '../api/entities';
import type { Db } from '../db/database';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';

export interface NetworkRow {
  id: string; name: string; zoneid: string; accountid: string; account: string; domainid: string; domainpath: string;
  type: string; vpcid: string | null; redundant: number; state: string; data: string;
}

export function networkResponse(db: Db, r: NetworkRow): Answer<typeof networkSchema> {
  const d = readData(r);
  const restarting = db.prepare(`SELECT id FROM jobs WHERE kind = 'network.restart' AND instanceid = ? AND status = 0`).get(r.id) as { id: string } | undefined;
  // NetworkResponse names its offering by id and lists the offering's services (server/infrastructure/services.ts).
  const offering = d.networkofferingname
    ? (db.prepare('SELECT id, forvpc, data FROM networkofferings WHERE name = ?').get(d.networkofferingname) as { id: string; forvpc: number; data: string } | undefined)
    : undefined;
  const od = offering ? readData(offering) : undefined;
  return Object.assign(d, {
    networkofferingid: offering?.id,
    networkofferingdisplaytext: od?.displaytext as string | undefined,
    networkofferingavailability: od?.availability as string | undefined,
    networkofferingconservemode: od?.conservemode as boolean | undefined,
    service: od ? serviceList(od.supportedservices as string | undefined, offering!.forvpc === 1) : undefined,
    id: r.id, name: r.name, zoneid: r.zoneid, account: r.account, domainid: r.domainid, type: r.type === 'VPC' ? 'Isolated' : r.type,
    vpcid: r.vpcid ?? undefined, redundantrouter: r.redundant === 1, state: r.state,
    jobid: restarting?.id, jobstatus: restarting ? 0 : undefined,
  });
}

export const listNetworks = command({
  name: 'listNetworks',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    // Shared networks of the caller's domain (or above) are visible to its users too.
    if (caller.accounttype !== 1 && !p.account) {
      const own = f.where.join(' AND ');
      f.where = [`((${own || '1'}) OR (type = 'Shared' AND ? LIKE domainpath || '%'))`];
      f.args.push(caller.domainpath);
    }
    addEqs(f, p, ['id', 'name', 'zoneid', 'vpcid']);
    if (p.type) {
      f.where.push(`(CASE type WHEN 'VPC' THEN 'Isolated' ELSE type END) = ?`);
      f.args.push(p.type);
    }
    if (p.forvpc !== undefined) f.where.push(p.forvpc ? 'vpcid IS NOT NULL' : 'vpcid IS NULL');
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<NetworkRow>(sim.db, sim, 'networks', f, p, 'rowid');
    return { count, items: rows.map((r) => networkResponse(sim.db, r)) };
  },
});

export const restartNetwork = command({
  name: 'restartNetwork',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(p.id) as NetworkRow | undefined;
    if (!n) throw notFound('network', p.id);
    checkAccess(caller, n, `network ${n.name}`);
    const busy = sim.db.prepare(`SELECT 1 FROM routers WHERE networkid = ? AND jobid IS NOT NULL`).get(n.id);
    if (busy) throw new ApiError(536, `A router of network ${n.name} is busy with another operation; try again when it finishes`);
    // Without cleanup the rules are sent to the routers again; router.version.check refuses that for an
    // outdated router inside the job (NetworkHelperImpl.sendCommandsToRouter).
    const jobid = sim.jobs.submit({ kind: 'network.restart', caller, instanceid: n.id,
      payload: { cleanup: p.cleanup ?? false, makeredundant: p.makeredundant ?? false, livepatch: p.livepatch ?? false } });
    recordEvent(sim.db, { type: 'NETWORK.RESTART', state: 'Scheduled', description: `Restarting network ${n.name}${p.cleanup ? ' with cleanup' : ''}`,
      owner: ownerOf(sim.db, n), resourceid: n.id, resourcetype: 'Network', resourcename: n.name });
    return { jobid };
  },
});

interface VmRow { id: string; name: string; zoneid: string; hostid: string | null; accountid: string; account: string;
  domainid: string; domainpath: string; networkid: string | null; state: string; data: string }

/** The guest NIC of a VM (NicResponse): its network, address, netmask, gateway and MAC address. */
function vmNics(db: Db, r: VmRow, d: Record<string, unknown>): { id: string; [field: string]: unknown }[] | undefined {
  if (!r.networkid || typeof d.ipaddress !== 'string') return undefined;
  const net = db.prepare('SELECT name, type, data FROM networks WHERE id = ?').get(r.networkid) as { name: string; type: string; data: string } | undefined;
  const nd = net ? readData(net) : {};
  return [{
    id: derivedId(DERIVED_NETWORK.guestNic, r.id), networkid: r.networkid, networkname: net?.name, ipaddress: d.ipaddress,
    netmask: nd.netmask, gateway: nd.gateway, macaddress: guestMac(r.id), isdefault: true, traffictype: 'Guest',
    type: net?.type === 'Shared' ? 'Shared' : 'Isolated',
  }];
}

export function vmResponse(db: Db, r: VmRow): Answer<typeof virtualMachineSchema> {
  const d = readData(r);
  const host = r.hostid ? (db.prepare('SELECT name FROM hosts WHERE id = ?').get(r.hostid) as { name: string } | undefined) : undefined;
  const out: Answer<typeof virtualMachineSchema> = Object.assign(d, {
    id: r.id, name: r.name, zoneid: r.zoneid, hostid: r.hostid ?? undefined, hostname: host?.name,
    account: r.account, domainid: r.domainid, state: r.state,
    // The VM's console connection details are the console proxy's business, never an API field.
    vnc: undefined,
    // UserVmResponse's nic list (NicResponse): the VM's one guest NIC in its network.
    nic: vmNics(db, r, d),
  });
  return out;
}

export const listVirtualMachines = command({
  name: 'listVirtualMachines',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    addEqs(f, p, ['id', 'name', 'zoneid', 'hostid', 'networkid']);
    addIn(f, 'id', p.ids);
    addEqIgnoringCase(f, 'state', p.state);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<VmRow>(sim.db, sim, 'vms', f, p, 'rowid');
    return { count, items: rows.map((r) => vmResponse(sim.db, r)) };
  },
});

export const networkCommands = [listNetworks, restartNetwork, listVirtualMachines];
