import { randomUUID } from 'node:crypto';
import type { Simulator } from '../api/context';
import type { NetworkRow } from '../networks/commands';
import { routerTemplateFor } from './templates';

/** The next free instance number, shared by all VMs as CloudStack's vm_instance ids are. */
export function nextInstanceNumber(sim: Simulator): number {
  const row = sim.db
    .prepare(
      `SELECT MAX(n) AS n FROM (
         SELECT MAX(CAST(substr(name, 3, length(name) - 5) AS INTEGER)) AS n FROM routers
         UNION ALL SELECT MAX(CAST(substr(name, 3, length(name) - 5) AS INTEGER)) FROM systemvms)`,
    )
    .get() as { n: number | null };
  const fromMeta = sim.db.prepare(`SELECT value FROM meta WHERE key = 'instance.seq'`).get() as { value: string } | undefined;
  const n = Math.max(row.n ?? 0, Number(fromMeta?.value ?? 0), 5000) + 1;
  sim.db.prepare(`INSERT INTO meta (key, value) VALUES ('instance.seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(n));
  return n;
}

/**
 * Deploys a new router for a network, on the template router.template.<hypervisor> names for the zone
 * (as the running management server sees it), on a host of the zone; it starts in state Starting.
 */
export function createRouter(
  sim: Simulator,
  network: NetworkRow,
  opts: { redundantstate?: string; serviceofferingid?: string; avoidHost?: string; guestip?: string },
): string {
  const t = routerTemplateFor(sim.db, sim.settings, network.zoneid);
  const hosts = sim.db.prepare(`SELECT id, podid, clusterid FROM hosts WHERE zoneid = ? AND state = 'Up' ORDER BY rowid`).all(network.zoneid) as {
    id: string; podid: string; clusterid: string;
  }[];
  const load = sim.db.prepare('SELECT hostid, COUNT(*) AS n FROM routers WHERE zoneid = ? GROUP BY hostid').all(network.zoneid) as { hostid: string; n: number }[];
  const loadOf = new Map(load.map((l) => [l.hostid, l.n]));
  const host = hosts.filter((h) => h.id !== opts.avoidHost).sort((a, b) => (loadOf.get(a.id) ?? 0) - (loadOf.get(b.id) ?? 0))[0] ?? hosts[0]!;
  const offering =
    opts.serviceofferingid ??
    (JSON.parse(network.data) as { routerofferingid?: string }).routerofferingid ??
    (sim.db.prepare(`SELECT id FROM serviceofferings WHERE systemvmtype = 'domainrouter' ORDER BY rowid LIMIT 1`).get() as { id: string }).id;
  const n = nextInstanceNumber(sim);
  const id = randomUUID();
  const zi = (sim.db.prepare('SELECT COUNT(*) AS i FROM zones WHERE rowid < (SELECT rowid FROM zones WHERE id = ?)').get(network.zoneid) as { i: number }).i;
  const publicip = `203.0.${(zi * 64 + (n >> 8)) % 256}.${n % 256}`;
  sim.db
    .prepare(
      `INSERT INTO routers (id, name, zoneid, podid, clusterid, hostid, accountid, account, domainid, domainpath, networkid,
         vpcid, state, version, templateid, serviceofferingid, redundantstate, publicip, guestipaddress, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Starting', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, `r-${n}-VM`, network.zoneid, host.podid, host.clusterid, host.id, network.accountid, network.account,
      network.domainid, network.domainpath, network.id, network.vpcid, t.version, t.id, offering,
      opts.redundantstate ?? null, publicip, opts.guestip ?? null, JSON.stringify({
        role: 'VIRTUAL_ROUTER', isredundantrouter: opts.redundantstate !== undefined,
        linklocalip: `169.254.${(n >> 8) % 256}.${n % 256}`, linklocalnetmask: '255.255.0.0', guestnetmask: '255.255.255.0',
        dns1: '8.8.8.8', dns2: '8.8.4.4', gateway: publicip.replace(/\.\d+$/, '.1'), publicnetmask: '255.255.255.0',
        created: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'), arch: 'x86_64', lasthostid: host.id,
      }));
  return id;
}
