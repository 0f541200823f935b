import type { Answer } from '../../src/api/commands';
import type { hostSchema } from '../../src/api/schemas';
import type { Simulator } from '../api/context';
import { readData } from '../db/rows';

export interface MigrationSubject {
  kind: 'systemvm' | 'router' | 'vm';
  id: string;
  name: string;
  state: string;
  hostid: string | null;
  zoneid: string;
}

/** The router, system VM or guest VM with this id, whichever table holds it. */
export function findMigrationSubject(sim: Simulator, id: string): MigrationSubject | undefined {
  for (const [kind, table] of [['systemvm', 'systemvms'], ['router', 'routers'], ['vm', 'vms']] as const) {
    const r = sim.db.prepare(`SELECT id, name, state, hostid, zoneid FROM ${table} WHERE id = ?`).get(id) as Omit<MigrationSubject, 'kind'> | undefined;
    if (r) return { kind, ...r };
  }
  return undefined;
}

interface HostRow { id: string; name: string; clusterid: string; podid: string; zoneid: string; state: string; data: string }

/**
 * The hosts a running VM may move to: the other hosts of its cluster that are Up and enabled (a live
 * migration keeps the VM on the cluster's primary storage, so no storage motion). Each host as
 * findHostsForMigration answers it, with its allocation.
 */
export function migrationCandidates(sim: Simulator, subject: MigrationSubject): Answer<typeof hostSchema>[] {
  if (!subject.hostid) return [];
  const current = sim.db.prepare('SELECT clusterid FROM hosts WHERE id = ?').get(subject.hostid) as { clusterid: string } | undefined;
  if (!current) return [];
  const hosts = sim.db
    .prepare(`SELECT * FROM hosts WHERE clusterid = ? AND id != ? AND state = 'Up' ORDER BY name`)
    .all(current.clusterid, subject.hostid) as HostRow[];
  const count = sim.db.prepare(
    `SELECT (SELECT COUNT(*) FROM routers WHERE hostid = @h) + (SELECT COUNT(*) FROM systemvms WHERE hostid = @h)
       + (SELECT COUNT(*) FROM vms WHERE hostid = @h) AS n`,
  );
  return hosts
    .filter((h) => (readData(h).resourcestate ?? 'Enabled') === 'Enabled')
    .map((h) => {
      const d = readData(h);
      const vms = (count.get({ h: h.id }) as { n: number } | undefined)?.n ?? 0;
      const cpus = Number(d.cpunumber ?? 32);
      const memory = Number(d.memorytotal ?? 274877906944);
      const cpuPct = Math.min(100, (vms / cpus) * 100 * 0.5);
      const memUsed = Math.min(memory, vms * 512 * 1024 * 1024);
      return {
        ...d, id: h.id, name: h.name, clusterid: h.clusterid, podid: h.podid, zoneid: h.zoneid, state: h.state,
        suitableformigration: true, requiresStorageMotion: false, hasenoughcapacity: true,
        cpuallocated: `${cpuPct.toFixed(2)}%`, cpuallocatedpercentage: `${cpuPct.toFixed(2)}%`,
        memoryallocated: memUsed, memoryallocatedbytes: memUsed, memoryallocatedpercentage: `${((memUsed / memory) * 100).toFixed(2)}%`,
      };
    });
}
