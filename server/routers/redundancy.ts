import type { Simulator } from '../api/context';
import { lastHostOf, readData } from '../db/rows';
import type { RouterRow } from './rows';

interface HostPlace { id: string; podid: string; clusterid: string }

function isRedundant(r: RouterRow): boolean {
  return readData(r).isredundantrouter === true;
}

/** The other routers of a router's redundant group: the same guest network (or, for VPC routers, the same VPC). */
export function peersOf(sim: Simulator, r: RouterRow): RouterRow[] {
  const rows = (r.vpcid
    ? sim.db.prepare('SELECT * FROM routers WHERE vpcid = ? AND id <> ? ORDER BY rowid').all(r.vpcid, r.id)
    : sim.db.prepare('SELECT * FROM routers WHERE networkid = ? AND id <> ? ORDER BY rowid').all(r.networkid, r.id)) as RouterRow[];
  return rows.filter(isRedundant);
}

/**
 * VRRP when a redundant router goes down (stops, reboots, is destroyed): a running peer takes over as PRIMARY.
 * Does nothing for a router that is not redundant or was not PRIMARY.
 */
export function failOver(sim: Simulator, r: RouterRow): void {
  if (!isRedundant(r) || r.redundantstate !== 'PRIMARY') return;
  const peer = peersOf(sim, r).find((p) => p.state === 'Running');
  sim.db.prepare(`UPDATE routers SET redundantstate = 'BACKUP' WHERE id = ?`).run(r.id);
  if (peer) sim.db.prepare(`UPDATE routers SET redundantstate = 'PRIMARY' WHERE id = ?`).run(peer.id);
}

/**
 * The redundant state a router takes when it comes up: BACKUP when a running peer is PRIMARY already (VRRP
 * keeps the current primary), else PRIMARY. A router that is not redundant keeps none.
 */
export function redundantStateOnStart(sim: Simulator, r: RouterRow): string | null {
  if (!isRedundant(r)) return r.redundantstate;
  const primary = peersOf(sim, r).some((p) => p.state === 'Running' && p.redundantstate === 'PRIMARY');
  return primary ? 'BACKUP' : 'PRIMARY';
}

/**
 * Where a router starts, as NetworkHelperImpl.startVirtualRouter plans it: a router that is not redundant,
 * or whose peers are not running, starts where it last ran. A redundant router with a running peer is
 * started away from that peer, trying in turn to avoid the peer's pod, then its cluster, then its host, and
 * finally anywhere; at each step the router's last host is kept when it qualifies, else the least loaded
 * host that does.
 */
export function placeRouter(sim: Simulator, r: RouterRow): HostPlace {
  const last = lastHostOf(r);
  const lastHost = last ? (sim.db.prepare('SELECT id, podid, clusterid FROM hosts WHERE id = ?').get(last) as HostPlace | undefined) : undefined;
  const peer = isRedundant(r) ? peersOf(sim, r).find((p) => p.state === 'Running' && p.hostid) : undefined;
  if (!peer) return lastHost ?? { id: r.hostid ?? '', podid: r.podid, clusterid: r.clusterid };
  const peerHost = sim.db.prepare('SELECT id, podid, clusterid FROM hosts WHERE id = ?').get(peer.hostid) as HostPlace | undefined;
  if (!peerHost) return lastHost ?? { id: r.hostid ?? '', podid: r.podid, clusterid: r.clusterid };
  // The zone's hosts and their router counts are read only when the last host does not qualify: counting the
  // routers of a zone of thousands takes milliseconds, and most restarts keep the last host.
  let candidates: { hosts: HostPlace[]; load: Map<string, number> } | undefined;
  const zoneHosts = () => (candidates ??= {
    hosts: sim.db.prepare(`SELECT id, podid, clusterid FROM hosts WHERE zoneid = ? AND state = 'Up' ORDER BY rowid`).all(r.zoneid) as HostPlace[],
    load: new Map((sim.db.prepare(`SELECT hostid, COUNT(*) AS n FROM routers WHERE zoneid = ? AND hostid IS NOT NULL GROUP BY hostid`)
      .all(r.zoneid) as { hostid: string; n: number }[]).map((l) => [l.hostid, l.n])),
  });
  const avoids: ((h: HostPlace) => boolean)[] = [
    (h) => h.podid !== peerHost.podid,
    (h) => h.clusterid !== peerHost.clusterid,
    (h) => h.id !== peerHost.id,
    () => true,
  ];
  for (const ok of avoids) {
    if (lastHost && ok(lastHost)) return lastHost;
    const { hosts, load } = zoneHosts();
    const fits = hosts.filter(ok).sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0));
    if (fits[0]) return fits[0];
  }
  return lastHost ?? peerHost;
}
