import { describe, expect, it } from 'vitest';
import { createPlanSchema } from '../../src/api/plans';
import { checkPlan, draftWaves, dryRun, waveSeconds, type FleetRouter, type PlanInputError } from './planning';

let n = 0;
function router(p: Partial<FleetRouter>): FleetRouter {
  n++;
  return {
    id: `r${n}`, name: `r-${n}-VM`, state: 'Running', zoneid: 'z1', zonename: 'zone1', podid: 'p1', podname: 'pod1',
    clusterid: 'c1', clustername: 'cl1', account: 'alice', domainid: 'd1', domain: 'ROOT', guestnetworkid: `net${n}`,
    requiresupgrade: true, ...p,
  };
}

describe('draftWaves', () => {
  it('makes one wave per pod, in name order, of the outdated Running routers only', () => {
    const fleet = [
      router({ podid: 'p2', podname: 'pod2' }), router({}), router({ podid: 'p2', podname: 'pod2' }),
      router({ requiresupgrade: false }), router({ state: 'Stopped' }), router({ jobid: 'busy' }), router({ zoneid: 'z2', podid: 'p9', podname: 'pod9' }),
    ];
    const waves = draftWaves(fleet, { strategy: 'pod', zoneid: 'z1' });
    expect(waves.map((w) => [w.name, w.routerids])).toEqual([
      ['pod1 (zone1)', [fleet[1]!.id]],
      ['pod2 (zone1)', [fleet[0]!.id, fleet[2]!.id]],
    ]);
  });

  it('keeps a redundant pair in one wave even when its routers sit in two pods', () => {
    const a = router({ isredundantrouter: true, redundantstate: 'PRIMARY', guestnetworkid: 'shared', podid: 'p2', podname: 'pod2' });
    const b = router({ isredundantrouter: true, redundantstate: 'BACKUP', guestnetworkid: 'shared' });
    const waves = draftWaves([a, b], { strategy: 'pod' });
    expect(waves).toHaveLength(1);
    expect(waves[0]!.routerids.sort()).toEqual([a.id, b.id].sort());
  });

  it('puts a canary wave first: N single routers, a pair whole, or one cluster', () => {
    const single = router({});
    const p1 = router({ isredundantrouter: true, redundantstate: 'PRIMARY', guestnetworkid: 'pair' });
    const p2 = router({ isredundantrouter: true, redundantstate: 'BACKUP', guestnetworkid: 'pair' });
    const other = router({ podid: 'p2', podname: 'pod2', clusterid: 'c2', clustername: 'cl2' });
    const fleet = [p1, p2, single, other];
    const w1 = draftWaves(fleet, { strategy: 'pod', canary: { routers: 1 } });
    expect(w1[0]).toMatchObject({ name: 'Canary', canary: true, routerids: [single.id] });
    expect(w1.slice(1).map((w) => w.routerids)).toEqual([[p1.id, p2.id], [other.id]]);
    const w2 = draftWaves(fleet, { strategy: 'pod', canary: { routers: 3 } });
    expect(w2[0]!.routerids.sort()).toEqual([single.id, other.id, p1.id, p2.id].sort());
    const w3 = draftWaves(fleet, { strategy: 'zone', canary: { clusterid: 'c2' } });
    expect(w3.map((w) => w.routerids)).toEqual([[other.id], [p1.id, p2.id, single.id]]);
  });

  it('groups by account and keeps only the chosen groups', () => {
    const a = router({ account: 'alice' });
    const b = router({ account: 'bob', domainid: 'd2', domain: 'ROOT/Sales' });
    expect(draftWaves([a, b], { strategy: 'account', groups: ['d2/bob'] })).toEqual([{ name: 'bob (ROOT/Sales)', canary: false, routerids: [b.id] }]);
  });
});

describe('checkPlan', () => {
  const base = { name: 'p', waves: [{ name: 'w', routerids: ['a'] }] };
  const errorOf = (input: unknown) => {
    const parsed = createPlanSchema.safeParse(input);
    if (!parsed.success) return { field: parsed.error.issues[0]!.path.join('.'), zod: true };
    try {
      checkPlan(parsed.data, Date.parse('2026-01-05T00:00:00Z'));
      return undefined;
    } catch (e) {
      return { field: (e as PlanInputError).field, message: (e as PlanInputError).message };
    }
  };

  it('accepts a plain plan', () => expect(errorOf(base)).toBeUndefined());
  it('names an empty wave', () => expect(errorOf({ ...base, waves: [{ name: 'w', routerids: [] }] })?.field).toBe('waves.0.routerids'));
  it('names a router in two waves', () => {
    expect(errorOf({ ...base, waves: [{ name: 'a', routerids: ['x', 'y'] }, { name: 'b', routerids: ['z', 'y'] }] }))
      .toMatchObject({ field: 'waves.1.routerids.1', message: expect.stringContaining('already in wave 0') });
  });
  it('names overlapping windows, of the plan and of a customer', () => {
    const w = { days: ['mon'], start: '22:00', minutes: 120, timezone: 'UTC' };
    expect(errorOf({ ...base, windows: [w, { ...w, start: '23:00' }] })).toMatchObject({ field: 'windows.1', message: 'the window overlaps windows.0' });
    expect(errorOf({ ...base, ownerwindows: [{ domainid: 'd', account: 'a', windows: [w, w] }] })?.field).toBe('ownerwindows.0.windows.1');
  });
  it('names a bad time zone and a bad start', () => {
    expect(errorOf({ ...base, windows: [{ days: ['mon'], start: '22:00', minutes: 60, timezone: 'Mars/Olympus' }] })?.field).toBe('windows.0.timezone');
    expect(errorOf({ ...base, windows: [{ days: ['mon'], start: '24:00', minutes: 60, timezone: 'UTC' }] })?.field).toBe('windows.0.start');
  });
  it('allows the canary only as the first wave', () => {
    expect(errorOf({ ...base, waves: [{ name: 'a', routerids: ['x'] }, { name: 'b', canary: true, routerids: ['y'] }] })?.field).toBe('waves.1.canary');
  });
});

describe('dryRun', () => {
  it('estimates each wave in rounds and names the conflicts', () => {
    const ok = [router({}), router({}), router({})];
    const busy = router({ jobid: 'j1', state: 'Stopping' });
    const fresh = router({ requiresupgrade: false });
    const stopped = router({ state: 'Stopped' });
    const other = router({});
    const plan = createPlanSchema.parse({
      name: 'p', parallel: 2, soakminutes: 1,
      waves: [{ name: 'c', canary: true, routerids: [ok[0]!.id] }, { name: 'w', routerids: [ok[1]!.id, ok[2]!.id, busy.id, fresh.id, 'gone', other.id] }],
    });
    const d = dryRun(plan, [...ok, busy, fresh, stopped, other], 10, new Map([[other.id, 'Tuesday plan']]));
    expect(d.waves.map((w) => w.estimateseconds)).toEqual([10 + 60, 30]);
    expect(d.estimateseconds).toBe(100);
    expect(d.conflicts.map((c) => [c.kind, c.routerid])).toEqual([
      ['upgrading', busy.id], ['not-outdated', fresh.id], ['not-found', 'gone'], ['in-other-plan', other.id], ['stopped-outdated', stopped.id],
    ]);
  });

  it('a redundant pair takes two rounds even with room for both', () => {
    const pair = [router({ isredundantrouter: true, guestnetworkid: 'n' }), router({ isredundantrouter: true, guestnetworkid: 'n' })];
    expect(waveSeconds(pair, 10, 5)).toBe(10);
    expect(waveSeconds([router({}), router({})], 10, 5)).toBe(5);
  });
});
