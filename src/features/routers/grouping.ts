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

export function groupKeyOf(r: Router, by: GroupBy, hosts: HostIndex): string {
  return membershipOf(r, by, hosts).key;
}

function isRunning(r: Router): boolean {
  return r.state === 'Running';
}

/** Groups routers: one row per zone, pod, cluster or account, with counts; sorted by name then parent. */
export function groupRouters(routers: readonly Router[], by: GroupBy, hosts: HostIndex): RouterGroup[] {
  const groups = new Map<string, RouterGroup>();
  for (const r of routers) {
    const m = membershipOf(r, by, hosts);
    let g = groups.get(m.key);
    if (!g) {
      g = { key: m.key, name: m.name, parent: m.parent, scope: m.scope, total: 0, requiringUpgrade: 0, running: 0 };
      groups.set(m.key, g);
    }
    g.total += 1;
    if (r.requiresupgrade) g.requiringUpgrade += 1;
    if (isRunning(r)) g.running += 1;
  }
  return [...groups.values()].sort(
    (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || (a.parent ?? '').localeCompare(b.parent ?? ''),
  );
}

export const GROUP_LABELS: Record<GroupBy, { one: string; parent?: string }> = {
  zone: { one: 'Zone' },
  pod: { one: 'Pod', parent: 'Zone' },
  cluster: { one: 'Cluster', parent: 'Pod' },
  account: { one: 'Account', parent: 'Domain' },
};
