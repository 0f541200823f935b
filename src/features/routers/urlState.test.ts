import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_VIEW_STATE, encodeViewState, parseViewState, type RoutersViewState } from './urlState';
import { COLUMN_IDS, DEFAULT_COLUMNS } from './columns';
import { ROUTER_TYPES } from './routerType';
import { GROUP_SORT_KEYS } from './grouping';

describe('URL state', () => {
  it('an empty URL is the default screen, and the default screen is an empty URL', () => {
    expect(parseViewState(new URLSearchParams())).toEqual(DEFAULT_VIEW_STATE);
    expect(encodeViewState(DEFAULT_VIEW_STATE).toString()).toBe('');
  });

  it('reads view, group, filters, sort, search, columns and the open router', () => {
    const s = parseViewState(
      new URLSearchParams('view=pod&group=abc&state=Running,Stopped&upgrade=yes&type=VPC%20VR&version=4.19.1&hypervisor=KVM&sort=-version&q=r-12&cols=name,version,cluster&router=r1&gsort=-requiring&groups=upgrade'),
    );
    expect(s).toEqual({
      view: 'pod',
      group: 'abc',
      filters: { state: ['Running', 'Stopped'], upgrade: true, type: ['VPC VR'], version: ['4.19.1'], hypervisor: ['KVM'] },
      sort: { key: 'version', desc: true },
      search: 'r-12',
      columns: ['name', 'version', 'cluster'],
      router: 'r1',
      groupSort: { key: 'requiring', desc: true },
      groupsRequiringUpgrade: true,
    });
  });

  it('ignores what it does not know: an unknown view, sort column, type or column', () => {
    const s = parseViewState(new URLSearchParams('view=rack&group=x&sort=colour&type=Bogus&cols=version,nope&upgrade=maybe'));
    expect(s.view).toBe('all');
    expect(s.group).toBeUndefined();
    expect(s.sort).toEqual(DEFAULT_VIEW_STATE.sort);
    expect(parseViewState(new URLSearchParams('gsort=-colour&groups=maybe'))).toEqual(DEFAULT_VIEW_STATE);
    expect(s.filters.type).toEqual([]);
    expect(s.filters.upgrade).toBeUndefined();
    // The name column cannot be hidden.
    expect(s.columns).toEqual(['name', 'version']);
  });

  it('parses back exactly what it encodes', () => {
    const words = fc.stringMatching(/^[A-Za-z0-9 .\-_/]{1,12}$/);
    const state = fc.record({
      view: fc.constantFrom('all', 'zone', 'pod', 'cluster', 'account'),
      group: fc.option(fc.stringMatching(/^[a-z0-9/-]{1,20}$/), { nil: undefined }),
      filters: fc.record({
        state: fc.uniqueArray(fc.constantFrom('Running', 'Stopped', 'Starting'), { maxLength: 3 }),
        upgrade: fc.option(fc.boolean(), { nil: undefined }),
        type: fc.uniqueArray(fc.constantFrom(...ROUTER_TYPES), { maxLength: 3 }),
        version: fc.uniqueArray(fc.constantFrom('4.18.0', '4.19.1', '4.20.0'), { maxLength: 3 }),
        hypervisor: fc.uniqueArray(fc.constantFrom('KVM', 'VMware', 'XenServer'), { maxLength: 3 }),
      }),
      sort: fc.record({ key: fc.constantFrom(...COLUMN_IDS), desc: fc.boolean() }),
      search: fc.oneof(fc.constant(''), words),
      columns: fc.subarray([...COLUMN_IDS]).map((cs) => (cs.includes('name') ? cs : ['name' as const, ...cs])),
      router: fc.option(fc.uuid(), { nil: undefined }),
      groupSort: fc.record({ key: fc.constantFrom(...GROUP_SORT_KEYS), desc: fc.boolean() }),
      groupsRequiringUpgrade: fc.boolean(),
    });
    fc.assert(
      fc.property(state, (s0) => {
        const s = { ...s0, group: s0.view === 'all' ? undefined : s0.group } as RoutersViewState;
        s.columns = COLUMN_IDS.filter((c) => s.columns.includes(c));
        const url = new URLSearchParams(encodeViewState(s).toString());
        expect(parseViewState(url)).toEqual(s);
      }),
    );
  });

  it('leaves defaults out of the URL', () => {
    const s: RoutersViewState = { ...DEFAULT_VIEW_STATE, view: 'cluster', columns: [...DEFAULT_COLUMNS] };
    expect(encodeViewState(s).toString()).toBe('view=cluster');
  });
});
