import { describe, expect, it } from 'vitest';
import { filterRouters, matchesSearch, naturalKey, NO_FILTERS, sortedRouters, sortRouters } from './filtering';
import { EMPTY_HOST_INDEX } from './hostIndex';
import { aRouter } from './testRouters';

const routers = [
  aRouter({ id: '1', name: 'r-10-VM', version: '4.9.1', requiresupgrade: true, publicip: '203.0.0.10', account: 'acme', hypervisor: 'KVM' }),
  aRouter({ id: '2', name: 'r-9-VM', version: '4.20.0', vpcid: 'v1', publicip: '203.0.0.9', account: 'globex', hypervisor: 'VMware', state: 'Stopped' }),
  aRouter({ id: '3', name: 'r-100-VM', version: '4.19.1', requiresupgrade: true, isredundantrouter: true, redundantstate: 'PRIMARY', guestipaddress: '10.1.1.2', account: 'initech', hypervisor: 'KVM' }),
];
const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

describe('search', () => {
  it('matches name, IP addresses and account, ignoring case', () => {
    expect(ids(filterRouters(routers, NO_FILTERS, 'R-9'))).toEqual(['2']);
    expect(ids(filterRouters(routers, NO_FILTERS, '203.0.0.1'))).toEqual(['1']);
    expect(ids(filterRouters(routers, NO_FILTERS, '10.1.1'))).toEqual(['3']);
    expect(ids(filterRouters(routers, NO_FILTERS, 'GLOB'))).toEqual(['2']);
    expect(ids(filterRouters(routers, NO_FILTERS, '  '))).toEqual(['1', '2', '3']);
    expect(matchesSearch(routers[0]!, 'nothing-like-this')).toBe(false);
  });
});

describe('filters', () => {
  it('by state, requires upgrade, type, version and hypervisor, all together', () => {
    expect(ids(filterRouters(routers, { ...NO_FILTERS, state: ['Stopped'] }, ''))).toEqual(['2']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, upgrade: true }, ''))).toEqual(['1', '3']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, upgrade: false }, ''))).toEqual(['2']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, type: ['VPC VR', 'Redundant VR'] }, ''))).toEqual(['2', '3']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, version: ['4.19.1'] }, ''))).toEqual(['3']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, hypervisor: ['KVM'] }, ''))).toEqual(['1', '3']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, hypervisor: ['KVM'], type: ['VR'] }, 'acme'))).toEqual(['1']);
    expect(ids(filterRouters(routers, { ...NO_FILTERS, hypervisor: ['KVM'], type: ['VR'] }, 'initech'))).toEqual([]);
  });
});

describe('sortRouters', () => {
  it('sorts names naturally and versions numerically, either way', () => {
    expect(ids(sortRouters(routers, { key: 'name', desc: false }, EMPTY_HOST_INDEX))).toEqual(['2', '1', '3']);
    expect(ids(sortRouters(routers, { key: 'name', desc: true }, EMPTY_HOST_INDEX))).toEqual(['3', '1', '2']);
    expect(ids(sortRouters(routers, { key: 'version', desc: false }, EMPTY_HOST_INDEX))).toEqual(['1', '3', '2']);
    expect(ids(sortRouters(routers, { key: 'version', desc: true }, EMPTY_HOST_INDEX))).toEqual(['2', '3', '1']);
  });

  it('breaks ties by name and leaves the input alone', () => {
    const copy = [...routers];
    expect(ids(sortRouters(routers, { key: 'hypervisor', desc: false }, EMPTY_HOST_INDEX))).toEqual(['1', '3', '2']);
    expect(routers).toEqual(copy);
  });
});

describe('naturalKey', () => {
  it('orders with < as a numeric, case-insensitive collator does', () => {
    const values = ['r-10-VM', 'R-9-VM', 'r-100-VM', '10.1.1.10', '10.1.1.9', '4.20.0', '4.9.1', 'Zone B', 'zone a', 'Pod 2', 'pod 11', ''];
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const byKey = [...values].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : naturalKey(a) > naturalKey(b) ? 1 : 0));
    expect(byKey).toEqual([...values].sort(collator.compare));
  });

  it('sortedRouters gives the same array for the same data and sort, and sorts again for another', () => {
    const a = sortedRouters(routers, { key: 'name', desc: false }, EMPTY_HOST_INDEX);
    expect(sortedRouters(routers, { key: 'name', desc: false }, EMPTY_HOST_INDEX)).toBe(a);
    expect(ids(sortedRouters(routers, { key: 'name', desc: true }, EMPTY_HOST_INDEX))).toEqual(['3', '1', '2']);
  });
});
