import type { Router } from '../../api/schemas';
import { clusterOf, type HostIndex } from './hostIndex';

export const GROUP_BYS = ['zone', 'pod', 'cluster', 'account'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The upgradeRouterTemplate parameters that name a group in one call. */
export type UpgradeScope = { zoneid: string } | { podid: string } | { clusterid: string } | { account: string; domainid: string };

export interface RouterGroup {
  key: string;
  name: string;
  /** The level above: a pod's zone, a cluster's pod, an account's domain. */
  parent?: string;
  /** Undefined where the API has no scope for the group (routers without a host, grouped by cluster). */
  scope?: UpgradeScope;
  total: number;
  requiringUpgrade: number;
  running: number;
}

/** The key a router has under a grouping, used in the URL (group=...). */
export const NO_GROUP_KEY = '-';

interface Membership {
  key: string;
  name: string;
  parent?: string;
  scope?: UpgradeScope;
}

export function membershipOf(r: Router, by: GroupBy, hosts: HostIndex): Membership {
  switch (by) {
    case 'zone':
      return { key: r.zoneid, name: r.zonename ?? r.zoneid, scope: { zoneid: r.zoneid } };
    case 'pod':
      if (!r.podid) return { key: NO_GROUP_KEY, name: 'No pod', parent: r.zonename };
      return { key: r.podid, name: r.podname ?? r.podid, parent: r.zonename ?? r.zoneid, scope: { podid: r.podid } };
    case 'cluster': {
      const c = clusterOf(r, hosts);
      if (!c) return { key: NO_GROUP_KEY, name: 'No host (not running)' };
      const pod = r.hostid ? hosts.get(r.hostid)?.podname : undefined;
      return { key: c.id, name: c.name, parent: pod ?? r.podname, scope: { clusterid: c.id } };
    }
    case 'account': {
      const account = r.account ?? '';
      const domainid = r.domainid ?? '';
      return {
        key: `${domainid}/${account}`,
        name: account || '(no account)',
        parent: r.domainpath ?? r.domain,
        scope: account && domainid ? { account, domainid } : undefined,
      };
    }
  }
}

/**
 * The membership objects of each host index and grouping, by group key (one per distinct name and parent under
 * a key, nearly always one). The routers of a group share one: 50,000 routers grouped by pod hold 9
 * membership objects, not 50,000 copies with a scope each, and no cache per router object.
 */
const memberships = new WeakMap<HostIndex, Map<GroupBy, Map<string, Membership[]>>>();

/**
 * membershipOf, as the one object kept for its key, name and parent under this host index and grouping: routers
 * with equal memberships get the same object, the same one on every call.
 */
export function cachedMembershipOf(r: Router, by: GroupBy, hosts: HostIndex): Membership {
  let byGroup = memberships.get(hosts);
  if (!byGroup) memberships.set(hosts, (byGroup = new Map()));
  let byKey = byGroup.get(by);
  if (!byKey) byGroup.set(by, (byKey = new Map()));
  const m = membershipOf(r, by, hosts);
  const known = byKey.get(m.key);
  if (!known) {
    byKey.set(m.key, [m]);
    return m;
  }
  for (const k of known) if (k.name === m.name && k.parent === m.parent) return k;
  known.push(m);
  return m;
}

export function groupKeyOf(r: Router, by: GroupBy, hosts: HostIndex): string {
  return cachedMembershipOf(r, by, hosts).key;
}

function isRunning(r: Router): boolean {
  return r.state === 'Running';
}

/** Groups routers: one row per zone, pod, cluster or account, with counts; sorted by name then parent. */
export function groupRouters(routers: readonly Router[], by: GroupBy, hosts: HostIndex): RouterGroup[] {
  const groups = new Map<string, RouterGroup>();
  for (const r of routers) {
    const m = cachedMembershipOf(r, by, hosts);
    let g = groups.get(m.key);
    if (!g) {
      g = { key: m.key, name: m.name, parent: m.parent, scope: m.scope, total: 0, requiringUpgrade: 0, running: 0 };
      groups.set(m.key, g);
    }
    g.total += 1;
    if (r.requiresupgrade) g.requiringUpgrade += 1;
    if (isRunning(r)) g.running += 1;
  }
  return sortGroups([...groups.values()], DEFAULT_GROUP_SORT);
}

/** The groups of each list of routers (an array kept by sortedRouters and filterRouters), per host index and grouping. */
const groupsCache = new WeakMap<readonly Router[], WeakMap<HostIndex, Map<GroupBy, RouterGroup[]>>>();

/**
 * groupRouters, remembered for one array of routers: switching the view back and forth between All and a
 * grouping counts the routers once per data set, not on every switch. Returns the same array for the same
 * routers, grouping and host index.
 */
export function groupedRouters(routers: readonly Router[], by: GroupBy, hosts: HostIndex): RouterGroup[] {
  let byHosts = groupsCache.get(routers);
  if (!byHosts) groupsCache.set(routers, (byHosts = new WeakMap()));
  let byGroup = byHosts.get(hosts);
  if (!byGroup) byHosts.set(hosts, (byGroup = new Map()));
  let groups = byGroup.get(by);
  if (!groups) byGroup.set(by, (groups = groupRouters(routers, by, hosts)));
  return groups;
}

/** The columns of a group table, each sortable. */
export const GROUP_SORT_KEYS = ['name', 'parent', 'total', 'requiring', 'running'] as const;
export type GroupSortKey = (typeof GROUP_SORT_KEYS)[number];

export interface GroupSort {
  key: GroupSortKey;
  desc: boolean;
}

export const DEFAULT_GROUP_SORT: GroupSort = { key: 'name', desc: false };

/** Made when groups are first sorted, not when the routers screen's code loads (All needs none). */
let groupCollator: Intl.Collator | undefined;

/**
 * Sorts groups by one column: names naturally (Pod 9 before Pod 10), counts numerically; ties by name, then
 * by parent. Returns a new array.
 */
export function sortGroups(groups: readonly RouterGroup[], sort: GroupSort): RouterGroup[] {
  const dir = sort.desc ? -1 : 1;
  const collator = (groupCollator ??= new Intl.Collator(undefined, { numeric: true }));
  const byName = (a: RouterGroup, b: RouterGroup) => collator.compare(a.name, b.name) || collator.compare(a.parent ?? '', b.parent ?? '');
  const compare = (a: RouterGroup, b: RouterGroup): number => {
    switch (sort.key) {
      case 'name':
        return byName(a, b);
      case 'parent':
        return collator.compare(a.parent ?? '', b.parent ?? '');
      case 'total':
        return a.total - b.total;
      case 'requiring':
        return a.requiringUpgrade - b.requiringUpgrade;
      case 'running':
        return a.running - b.running;
    }
  };
  return [...groups].sort((a, b) => dir * compare(a, b) || byName(a, b));
}

export const GROUP_LABELS: Record<GroupBy, { one: string; parent?: string }> = {
  zone: { one: 'Zone' },
  pod: { one: 'Pod', parent: 'Zone' },
  cluster: { one: 'Cluster', parent: 'Pod' },
  account: { one: 'Account', parent: 'Domain' },
};
