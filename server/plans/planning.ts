/**
 * Planning: waves from a strategy, the checks a plan must pass, and its dry run. Pure functions over the
 * routers as CloudStack's listRouters answers them (plus each router's cluster, which listRouters does not
 * give and is taken from listHosts by the router's hostid).
 */
import type { Conflict, CreatePlan, DryRun, PlanWindow, Strategy } from '../../src/api/plans';
import { findOverlap } from './windows';

/** A router of the fleet, as listRouters answers it, with the cluster of its host. */
export interface FleetRouter {
  id: string;
  name: string;
  state: string;
  zoneid: string;
  zonename?: string;
  podid?: string;
  podname?: string;
  clusterid?: string;
  clustername?: string;
  account?: string;
  domainid?: string;
  domain?: string;
  guestnetworkid?: string;
  guestnetworkname?: string;
  vpcid?: string;
  vpcname?: string;
  isredundantrouter?: boolean;
  redundantstate?: string;
  requiresupgrade?: boolean;
  jobid?: string;
}

/** The network a redundant pair shares: its VPC, or its guest network. */
export function pairKey(r: Pick<FleetRouter, 'vpcid' | 'guestnetworkid'>): string | undefined {
  return r.vpcid ? `vpc:${r.vpcid}` : r.guestnetworkid ? `net:${r.guestnetworkid}` : undefined;
}

/** The group a router belongs to under a strategy: its key and a readable name. */
export function groupOf(r: FleetRouter, strategy: Strategy): { key: string; name: string } {
  switch (strategy) {
    case 'zone': return { key: r.zoneid, name: r.zonename ?? r.zoneid };
    case 'pod': return { key: r.podid ?? '-', name: r.podname ? `${r.podname} (${r.zonename ?? r.zoneid})` : 'no pod' };
    case 'cluster': return { key: r.clusterid ?? '-', name: r.clustername ? `${r.clustername} (${r.zonename ?? r.zoneid})` : 'no cluster' };
    case 'domain': return { key: r.domainid ?? '-', name: r.domain ?? r.domainid ?? 'no domain' };
    case 'account': return { key: `${r.domainid ?? ''}/${r.account ?? ''}`, name: `${r.account ?? '?'} (${r.domain ?? r.domainid ?? ''})` };
  }
}

/** True when the plan's runner can upgrade the router now: outdated, Running and not busy with a job. */
export function upgradable(r: FleetRouter): boolean {
  return r.requiresupgrade === true && r.state === 'Running' && !r.jobid;
}

export interface DraftOptions {
  strategy: Strategy;
  zoneid?: string;
  groups?: string[];
  canary?: { routers?: number; clusterid?: string };
}

/**
 * Waves from a strategy: one wave per group (zone, pod, cluster, domain or account) of the outdated Running
 * routers, in order of the group's name; a redundant pair stays together in the wave of its first router.
 * A canary wave comes first when asked: the routers of one cluster, or the first `routers` routers (single
 * routers preferred, so that the canary does not hold half of a pair).
 */
export function draftWaves(fleet: readonly FleetRouter[], o: DraftOptions): CreatePlan['waves'] {
  const candidates = fleet.filter((r) => upgradable(r) && (!o.zoneid || r.zoneid === o.zoneid));
  const groups = new Map<string, { name: string; routers: FleetRouter[] }>();
  const pairWave = new Map<string, string>();
  const wanted = o.groups ? new Set(o.groups) : undefined;
  for (const r of candidates) {
    const g = groupOf(r, o.strategy);
    if (wanted && !wanted.has(g.key)) continue;
    const pk = r.isredundantrouter ? pairKey(r) : undefined;
    const key = pk && pairWave.has(pk) ? pairWave.get(pk)! : g.key;
    if (pk && !pairWave.has(pk)) pairWave.set(pk, key);
    const entry = groups.get(key) ?? { name: g.name, routers: [] };
    entry.routers.push(r);
    groups.set(key, entry);
  }
  const ordered = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  const waves: CreatePlan['waves'] = [];
  const taken = new Set<string>();
  if (o.canary?.clusterid || o.canary?.routers) {
    const all = ordered.flatMap((g) => g.routers);
    let canary: FleetRouter[];
    if (o.canary.clusterid) canary = all.filter((r) => r.clusterid === o.canary!.clusterid);
    else {
      const n = o.canary.routers!;
      canary = [...all.filter((r) => !r.isredundantrouter), ...all.filter((r) => r.isredundantrouter)].slice(0, n);
    }
    // A redundant router in the canary brings its peer along.
    const pairs = new Set(canary.filter((r) => r.isredundantrouter).map(pairKey));
    canary = all.filter((r) => canary.includes(r) || (r.isredundantrouter && pairs.has(pairKey(r))));
    if (canary.length) {
      waves.push({ name: 'Canary', canary: true, routerids: canary.map((r) => r.id) });
      for (const r of canary) taken.add(r.id);
    }
  }
  for (const g of ordered) {
    const ids = g.routers.filter((r) => !taken.has(r.id)).map((r) => r.id);
    if (ids.length) waves.push({ name: g.name, canary: false, routerids: ids });
  }
  return waves;
}

/** A 4xx of the plan API: the field at fault (dotted path) and why. */
export class PlanInputError extends Error {
  constructor(readonly status: number, readonly field: string | undefined, message: string) {
    super(message);
  }
}

/**
 * Checks what zod cannot: at most one canary wave and only first; no router in two waves; no two windows of
 * one list that overlap. Throws PlanInputError(400) naming the field.
 */
export function checkPlan(p: CreatePlan, now: number): void {
  const seen = new Map<string, number>();
  p.waves.forEach((w, i) => {
    if (w.canary && i !== 0) throw new PlanInputError(400, `waves.${i}.canary`, 'only the first wave can be the canary wave');
    w.routerids.forEach((id, k) => {
      const before = seen.get(id);
      if (before !== undefined) throw new PlanInputError(400, `waves.${i}.routerids.${k}`, `router ${id} is already in wave ${before} (${p.waves[before]!.name}); a router belongs to one wave`);
      seen.set(id, i);
    });
  });
  const overlaps = (ws: PlanWindow[], field: string) => {
    const o = findOverlap(ws, now);
    if (o) throw new PlanInputError(400, `${field}.${o[1]}`, o[0] === o[1] ? 'the window overlaps its own next opening' : `the window overlaps ${field}.${o[0]}`);
  };
  overlaps(p.windows, 'windows');
  const owners = new Set<string>();
  p.ownerwindows.forEach((ow, i) => {
    const key = `${ow.domainid}/${ow.account ?? ''}`;
    if (owners.has(key)) throw new PlanInputError(400, `ownerwindows.${i}`, `${ow.account ? `account ${ow.account}` : 'the domain'} already has windows in this plan`);
    owners.add(key);
    overlaps(ow.windows, `ownerwindows.${i}.windows`);
  });
}

/** Seconds one wave takes: rounds of `parallel` upgrades of `upgradeSeconds` each (redundant pairs in two rounds). */
export function waveSeconds(routers: readonly Pick<FleetRouter, 'isredundantrouter' | 'vpcid' | 'guestnetworkid'>[], parallel: number, upgradeSeconds: number): number {
  if (!routers.length) return 0;
  const perPair = new Map<string, number>();
  for (const r of routers) {
    const k = r.isredundantrouter ? pairKey(r) : undefined;
    if (k) perPair.set(k, (perPair.get(k) ?? 0) + 1);
  }
  const maxChain = Math.max(1, ...perPair.values());
  return Math.max(Math.ceil(routers.length / parallel), maxChain) * upgradeSeconds;
}

/**
 * The dry run of a plan: each wave's routers, networks and accounts, its estimated duration, the whole
 * plan's, and the conflicts: routers not found, already upgrading (a pending job), not outdated, not
 * Running (a reboot needs a Running router: "Unable to reboot domR, it is not in right state"), in another
 * active plan; and outdated Stopped routers of the plan's zones that no wave reaches.
 */
export function dryRun(p: CreatePlan, fleet: readonly FleetRouter[], upgradeSeconds: number, inOtherPlans: ReadonlyMap<string, string>): DryRun {
  const byId = new Map(fleet.map((r) => [r.id, r]));
  const conflicts: Conflict[] = [];
  const inPlan = new Set<string>();
  const zones = new Set<string>();
  let total = 0;
  const waves = p.waves.map((w) => {
    const routers = w.routerids.map((id) => {
      inPlan.add(id);
      const r = byId.get(id);
      if (!r) {
        conflicts.push({ kind: 'not-found', routerid: id, name: id, text: `listRouters does not know router ${id}` });
        return undefined;
      }
      zones.add(r.zoneid);
      const other = inOtherPlans.get(id);
      if (other) conflicts.push({ kind: 'in-other-plan', routerid: id, name: r.name, text: `${r.name} is in the active plan "${other}"` });
      if (r.jobid) conflicts.push({ kind: 'upgrading', routerid: id, name: r.name, text: `${r.name} is busy with job ${r.jobid} (${r.state})` });
      else if (r.requiresupgrade !== true) conflicts.push({ kind: 'not-outdated', routerid: id, name: r.name, text: `${r.name} does not require an upgrade (version at or above minreq.sysvmtemplate.version)` });
      else if (r.state !== 'Running') conflicts.push({ kind: 'not-running', routerid: id, name: r.name, text: `${r.name} is ${r.state}; only a Running router can be rebooted onto the new template` });
      return r;
    }).filter((r): r is FleetRouter => !!r);
    const seconds = waveSeconds(routers, p.parallel, upgradeSeconds) + (w.canary ? p.soakminutes * 60 : 0);
    total += seconds;
    return {
      name: w.name,
      canary: w.canary,
      routers: routers.map((r) => ({ id: r.id, name: r.name, network: r.vpcname ?? r.guestnetworkname, account: r.account, domain: r.domain,
        domainid: r.domainid, zonename: r.zonename, podname: r.podname, clustername: r.clustername,
        redundantstate: r.isredundantrouter ? r.redundantstate : undefined })),
      networks: new Set(routers.map((r) => r.vpcid ?? r.guestnetworkid).filter(Boolean)).size,
      accounts: [...new Set(routers.map((r) => `${r.account ?? '?'} (${r.domain ?? ''})`))].sort(),
      estimateseconds: seconds,
    };
  });
  for (const r of fleet) {
    if (inPlan.has(r.id) || !zones.has(r.zoneid) || r.requiresupgrade !== true || r.state !== 'Stopped') continue;
    conflicts.push({ kind: 'stopped-outdated', routerid: r.id, name: r.name, text: `${r.name} is Stopped and outdated; no wave reaches it (upgradeRouterTemplate by zone, pod or cluster takes Running routers only)` });
  }
  return { waves, estimateseconds: total, upgradeseconds: upgradeSeconds, conflicts };
}
