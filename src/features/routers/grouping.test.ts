import { describe, expect, it } from 'vitest';
import { cachedMembershipOf, groupedRouters, groupKeyOf, groupRouters, sortGroups } from './grouping';
import { indexHosts } from './hostIndex';
import { redundantRole, routerType } from './routerType';
import { aRouter } from './testRouters';
import type { Host } from '../../api/schemas';

const hosts = indexHosts([
  { id: 'h1', name: 'host-1', clusterid: 'c1', clustername: 'Cluster A', podid: 'p1', podname: 'Pod 1' },
  { id: 'h2', name: 'host-2', clusterid: 'c2', clustername: 'Cluster B', podid: 'p2', podname: 'Pod 2' },
] as Host[]);

const routers = [
  aRouter({ id: '1', hostid: 'h1', requiresupgrade: true, version: '4.19.1' }),
  aRouter({ id: '2', hostid: 'h1' }),
  aRouter({ id: '3', hostid: 'h2', podid: 'p2', podname: 'Pod 2', requiresupgrade: true, state: 'Stopped' }),
  aRouter({ id: '4', zoneid: 'z2', zonename: 'Zone 2', podid: 'p3', podname: 'Pod 3', hostid: undefined, state: 'Stopped', account: 'bob', domainid: 'd2', domainpath: 'ROOT/Sales' }),
];

describe('groupRouters', () => {
  it('groups by zone with totals, routers requiring upgrade and running ones', () => {
    const g = groupRouters(routers, 'zone', hosts);
    expect(g.map((x) => [x.name, x.total, x.requiringUpgrade, x.running])).toEqual([
      ['Zone 1', 3, 2, 2],
      ['Zone 2', 1, 0, 0],
    ]);
    expect(g[0]!.scope).toEqual({ zoneid: 'z1' });
    expect(g[0]!.parent).toBeUndefined();
  });

  it('groups by pod, each pod showing its zone', () => {
    const g = groupRouters(routers, 'pod', hosts);
    expect(g.map((x) => [x.key, x.name, x.parent, x.total])).toEqual([
      ['p1', 'Pod 1', 'Zone 1', 2],
      ['p2', 'Pod 2', 'Zone 1', 1],
      ['p3', 'Pod 3', 'Zone 2', 1],
    ]);
    expect(g[1]!.scope).toEqual({ podid: 'p2' });
  });

  it("groups by cluster derived from the router's host, each cluster showing its pod", () => {
    const g = groupRouters(routers, 'cluster', hosts);
    expect(g.map((x) => [x.key, x.name, x.parent, x.total, x.requiringUpgrade])).toEqual([
      ['c1', 'Cluster A', 'Pod 1', 2, 1],
      ['c2', 'Cluster B', 'Pod 2', 1, 1],
      ['-', 'No host (not running)', undefined, 1, 0],
    ]);
    expect(g[0]!.scope).toEqual({ clusterid: 'c1' });
    // A router without a host has no cluster: no single upgradeRouterTemplate scope names that group.
    expect(g[2]!.scope).toBeUndefined();
  });

  it('groups by account and domain; the same account name in two domains is two groups', () => {
    const more = [...routers, aRouter({ id: '5', account: 'acme', domainid: 'd9', domainpath: 'ROOT/Other' })];
    const g = groupRouters(more, 'account', hosts);
    expect(g.map((x) => [x.name, x.parent, x.total])).toEqual([
      ['acme', 'ROOT/Acme', 3],
      ['acme', 'ROOT/Other', 1],
      ['bob', 'ROOT/Sales', 1],
    ]);
    expect(g[0]!.scope).toEqual({ account: 'acme', domainid: 'd1' });
  });

  it('a group key found for a router lists exactly the routers of that group', () => {
    for (const by of ['zone', 'pod', 'cluster', 'account'] as const) {
      for (const g of groupRouters(routers, by, hosts)) {
        expect(routers.filter((r) => groupKeyOf(r, by, hosts) === g.key)).toHaveLength(g.total);
      }
    }
  });

  it('counts every router once whatever the grouping', () => {
    for (const by of ['zone', 'pod', 'cluster', 'account'] as const) {
      expect(groupRouters(routers, by, hosts).reduce((n, g) => n + g.total, 0)).toBe(routers.length);
    }
  });
});

describe('routerType', () => {
  it('tells VR, VPC VR and redundant VR apart', () => {
    expect(routerType(aRouter({ id: 'a' }))).toBe('VR');
    expect(routerType(aRouter({ id: 'b', vpcid: 'v1' }))).toBe('VPC VR');
    expect(routerType(aRouter({ id: 'c', isredundantrouter: true, redundantstate: 'BACKUP' }))).toBe('Redundant VR');
    expect(redundantRole(aRouter({ id: 'c', isredundantrouter: true, redundantstate: 'BACKUP' }))).toBe('BACKUP');
    expect(redundantRole(aRouter({ id: 'd', isredundantrouter: false, redundantstate: 'UNKNOWN' }))).toBeUndefined();
  });
});

describe('sortGroups', () => {
  const g = (name: string, parent: string, total: number, requiringUpgrade: number, running: number) => ({ key: name, name, parent, total, requiringUpgrade, running });
  const groups = [g('Pod 10', 'Zone 1', 5, 0, 5), g('Pod 9', 'Zone 2', 7, 3, 6), g('Pod 2', 'Zone 1', 7, 1, 7)];
  const names = (gs: { name: string }[]) => gs.map((x) => x.name);

  it('sorts by name naturally and by parent, either way', () => {
    expect(names(sortGroups(groups, { key: 'name', desc: false }))).toEqual(['Pod 2', 'Pod 9', 'Pod 10']);
    expect(names(sortGroups(groups, { key: 'name', desc: true }))).toEqual(['Pod 10', 'Pod 9', 'Pod 2']);
    expect(names(sortGroups(groups, { key: 'parent', desc: true }))).toEqual(['Pod 9', 'Pod 2', 'Pod 10']);
  });

  it('sorts by counts numerically, ties by name, and leaves the input alone', () => {
    const copy = [...groups];
    expect(names(sortGroups(groups, { key: 'requiring', desc: true }))).toEqual(['Pod 9', 'Pod 2', 'Pod 10']);
    expect(names(sortGroups(groups, { key: 'total', desc: true }))).toEqual(['Pod 2', 'Pod 9', 'Pod 10']);
    expect(names(sortGroups(groups, { key: 'running', desc: false }))).toEqual(['Pod 10', 'Pod 9', 'Pod 2']);
    expect(groups).toEqual(copy);
  });
});

describe('memberships are kept per host index', () => {
  it('gives the same answer again, and a new host index is read anew', () => {
    const r = routers[0]!;
    expect(groupKeyOf(r, 'cluster', hosts)).toBe('c1');
    expect(groupKeyOf(r, 'cluster', hosts)).toBe('c1');
    const moved = indexHosts([{ id: 'h1', name: 'host-1', clusterid: 'c9', clustername: 'Cluster Z', podid: 'p1', podname: 'Pod 1' }] as Host[]);
    expect(groupKeyOf(r, 'cluster', moved)).toBe('c9');
  });

  it('gives the routers of one group one membership object, and keeps apart what differs', () => {
    const [a, b, c] = routers;
    expect(cachedMembershipOf(a!, 'pod', hosts)).toBe(cachedMembershipOf(b!, 'pod', hosts));
    expect(cachedMembershipOf(a!, 'pod', hosts)).not.toBe(cachedMembershipOf(c!, 'pod', hosts));
    expect(cachedMembershipOf(a!, 'account', hosts)).toBe(cachedMembershipOf(b!, 'account', hosts));
    // Routers without a pod in two zones: one key, two parents, two memberships.
    const east = aRouter({ id: 'e', podid: undefined, podname: undefined, zonename: 'East' });
    const west = aRouter({ id: 'w', podid: undefined, podname: undefined, zonename: 'West' });
    expect(cachedMembershipOf(east, 'pod', hosts)).toEqual({ key: '-', name: 'No pod', parent: 'East' });
    expect(cachedMembershipOf(west, 'pod', hosts)).toEqual({ key: '-', name: 'No pod', parent: 'West' });
  });
});

describe('groupedRouters', () => {
  it('counts a list once per grouping and host index, and again for another list', () => {
    const hosts = indexHosts([]);
    const routers = [aRouter({ id: '1', zoneid: 'z1', zonename: 'Zone 1' }), aRouter({ id: '2', zoneid: 'z2', zonename: 'Zone 2', requiresupgrade: true })];
    const first = groupedRouters(routers, 'zone', hosts);
    expect(first).toEqual(groupRouters(routers, 'zone', hosts));
    expect(groupedRouters(routers, 'zone', hosts)).toBe(first);
    expect(groupedRouters(routers, 'pod', hosts)).not.toBe(first);
    const grown = [...routers, aRouter({ id: '3', zoneid: 'z1', zonename: 'Zone 1' })];
    expect(groupedRouters(grown, 'zone', hosts).find((g) => g.key === 'z1')?.total).toBe(2);
  });
});
