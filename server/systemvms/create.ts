import { randomUUID } from 'node:crypto';
import type { Simulator } from '../api/context';
import { nextInstanceNumber } from '../routers/create';
import { routerTemplateFor } from '../routers/templates';
import { nowDate } from '../db/rows';
import type { SystemVmType } from './rows';

/** The system offering a new system VM of a type gets: the given one, else the type's first (default) offering. */
export function defaultSystemOffering(sim: Simulator, type: SystemVmType): { id: string; name: string } {
  return sim.db
    .prepare(`SELECT id, name FROM serviceofferings WHERE issystem = 1 AND systemvmtype = ? ORDER BY rowid LIMIT 1`)
    .get(type) as { id: string; name: string };
}

/** The Up host of a zone with the fewest system VMs, avoiding one host if another exists. */
export function pickHost(sim: Simulator, zoneid: string, avoid?: string | null): { id: string; podid: string; clusterid: string } {
  const hosts = sim.db
    .prepare(
      `SELECT h.id, h.podid, h.clusterid, (SELECT COUNT(*) FROM systemvms s WHERE s.hostid = h.id) AS n
       FROM hosts h WHERE h.zoneid = ? AND h.state = 'Up' ORDER BY n, h.rowid`,
    )
    .all(zoneid) as { id: string; podid: string; clusterid: string; n: number }[];
  if (hosts.length === 0) throw new Error(`zone ${zoneid} has no host that is Up`);
  return hosts.find((h) => h.id !== avoid) ?? hosts[0]!;
}

/**
 * Deploys a new console proxy or secondary storage VM in a zone, on the zone's current system VM template
 * (the one router.template.<hypervisor> names, as the management server runs it). It is created in state
 * Starting; a systemvm.create job brings it to Running.
 */
export function createSystemVm(
  sim: Simulator,
  zoneid: string,
  type: SystemVmType,
  opts: { serviceofferingid?: string; avoidHost?: string | null } = {},
): string {
  const zone = sim.db.prepare('SELECT id, name, hypervisor FROM zones WHERE id = ?').get(zoneid) as { id: string; name: string; hypervisor: string };
  const zi = (sim.db.prepare('SELECT COUNT(*) AS i FROM zones WHERE rowid < (SELECT rowid FROM zones WHERE id = ?)').get(zoneid) as { i: number }).i;
  const t = routerTemplateFor(sim.db, sim.settings, zoneid);
  const host = pickHost(sim, zoneid, opts.avoidHost);
  const pod = sim.db.prepare('SELECT name FROM pods WHERE id = ?').get(host.podid) as { name: string };
  const offering = opts.serviceofferingid
    ? (sim.db.prepare('SELECT id, name FROM serviceofferings WHERE id = ?').get(opts.serviceofferingid) as { id: string; name: string } | undefined) ??
      defaultSystemOffering(sim, type)
    : defaultSystemOffering(sim, type);
  const n = nextInstanceNumber(sim);
  const id = randomUUID();
  const name = `${type === 'consoleproxy' ? 'v' : 's'}-${n}-VM`;
  sim.db
    .prepare(
      `INSERT INTO systemvms (id, name, systemvmtype, zoneid, podid, hostid, state, version, templateid, data)
       VALUES (?, ?, ?, ?, ?, ?, 'Starting', ?, ?, ?)`,
    )
    .run(id, name, type, zoneid, host.podid, host.id, t.version, t.id, JSON.stringify({
      zonename: zone.name, podname: pod.name, hypervisor: zone.hypervisor, agentstate: 'Disconnected',
      publicip: `198.51.${100 + ((n >> 8) % 28)}.${n % 256}`, privateip: `10.${zi + 1}.1.${100 + (n % 150)}`,
      linklocalip: `169.254.${(n >> 8) % 256}.${n % 256}`, publicnetmask: '255.255.255.0', privatenetmask: '255.255.255.0',
      linklocalnetmask: '255.255.0.0', serviceofferingid: offering.id, serviceofferingname: offering.name, created: nowDate(),
      dns1: '8.8.8.8', gateway: `198.51.${100 + ((n >> 8) % 28)}.1`, isdynamicallyscalable: false, arch: 'x86_64',
      activeviewersessions: 0, lasthostid: host.id,
    }));
  return id;
}
