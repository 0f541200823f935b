import { describe, expect, it } from 'vitest';
import type { DryRun } from '../../api/plans';
import { groupsByWave, moveGroup, ownerWindowsOf, rowOfField } from './waveEdits';

const r = (id: string, podname: string) => ({ id, name: `r-${id}-VM`, zonename: 'Z1', podname, account: 'a', domain: 'ROOT', domainid: 'd1' });
const dry: DryRun = {
  estimateseconds: 0, upgradeseconds: 30, conflicts: [],
  waves: [
    { name: 'canary', canary: true, routers: [r('1', 'P1')], networks: 1, accounts: [], estimateseconds: 0 },
    { name: 'P1 + P2', canary: false, routers: [r('2', 'P1'), r('3', 'P2'), r('4', 'P2')], networks: 3, accounts: [], estimateseconds: 0 },
    { name: 'P3', canary: false, routers: [r('5', 'P3')], networks: 1, accounts: [], estimateseconds: 0 },
  ],
};
const waves = [
  { name: 'canary', canary: true, routerids: ['1'] },
  { name: 'P1 + P2', canary: false, routerids: ['2', '3', '4'] },
  { name: 'P3', canary: false, routerids: ['5'] },
];

describe('moving a group between waves', () => {
  it('finds each wave\'s groups by the strategy', () => {
    expect(groupsByWave(dry, 'pod').map((g) => [g.label, g.wave, g.routerids])).toEqual([
      ['Pod P1 (Z1)', 0, ['1']], ['Pod P1 (Z1)', 1, ['2']], ['Pod P2 (Z1)', 1, ['3', '4']], ['Pod P3 (Z1)', 2, ['5']],
    ]);
  });
  it('moves a group\'s routers to the end of another wave; an emptied wave goes; the canary neither gives nor takes', () => {
    expect(moveGroup(waves, ['3', '4'], 1, 2).map((w) => w.routerids)).toEqual([['1'], ['2'], ['5', '3', '4']]);
    expect(moveGroup(waves, ['5'], 2, 1).map((w) => w.routerids)).toEqual([['1'], ['2', '3', '4', '5']]);
    expect(moveGroup(waves, ['1'], 0, 1)).toBe(waves);
    expect(moveGroup(waves, ['2'], 1, 0)).toBe(waves);
  });
});

describe('customer windows', () => {
  const w = { days: ['mon' as const], start: '22:00', minutes: 60, timezone: 'UTC' };
  it('makes one entry per account or domain, and maps an API error\'s field back to its row', () => {
    const { ownerwindows, fieldOfRow } = ownerWindowsOf([{ owner: 'd1/alice', window: w }, { owner: 'd2', window: w }, { owner: 'd1/alice', window: { ...w, start: '22:30' } }]);
    expect(ownerwindows).toEqual([{ domainid: 'd1', account: 'alice', windows: [w, { ...w, start: '22:30' }] }, { domainid: 'd2', windows: [w] }]);
    expect(fieldOfRow).toEqual(['ownerwindows.0.windows.0', 'ownerwindows.1.windows.0', 'ownerwindows.0.windows.1']);
    expect(rowOfField(fieldOfRow, 'ownerwindows.0.windows.1')).toBe(2);
    expect(rowOfField(fieldOfRow, 'ownerwindows.1.windows.0.start')).toBe(1);
    expect(rowOfField(fieldOfRow, 'ownerwindows.1')).toBe(1);
    expect(rowOfField(fieldOfRow, 'windows.0')).toBe(-1);
  });
});
