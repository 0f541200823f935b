import { describe, expect, it } from 'vitest';
import type { SystemVm } from '../../api/schemas';
import { actionWarning, availableActions, filterSystemVms, groupByZone, inMotion, readSystemVmFilters } from './actions';

const vm = (over: Partial<SystemVm>): SystemVm => ({ id: 'x', name: 'v-1-VM', systemvmtype: 'consoleproxy', state: 'Running', zoneid: 'z1', ...over }) as SystemVm;

describe('system VM actions', () => {
  it('offers what the state allows, nothing while a job runs', () => {
    expect(availableActions(vm({}))).toEqual(['stop', 'reboot', 'migrate', 'diagnostics', 'destroy']);
    expect(availableActions(vm({ state: 'Stopped' }))).toEqual(['start', 'destroy']);
    expect(availableActions(vm({ state: 'Starting' }))).toEqual([]);
    expect(availableActions(vm({ jobid: 'j', jobstatus: 0 }))).toEqual([]);
    expect(availableActions(vm({ jobid: 'j', jobstatus: 1 }))).toContain('stop');
  });

  it('warns that console sessions end when a console proxy stops, reboots or is destroyed', () => {
    const w = actionWarning(vm({ activeviewersessions: 3 }), 'reboot');
    expect(w.interrupts).toMatch(/console sessions through v-1-VM end \(3 open console sessions now\)/);
    expect(actionWarning(vm({ activeviewersessions: 1 }), 'stop').interrupts).toMatch(/1 open console session now/);
    expect(actionWarning(vm({}), 'destroy').note).toMatch(/deploys a new console proxy/);
    expect(actionWarning(vm({}), 'migrate').interrupts).toBeUndefined();
    const ssvm = actionWarning(vm({ systemvmtype: 'secondarystoragevm', name: 's-2-VM' }), 'stop');
    expect(ssvm.interrupts).toMatch(/Template downloads.*s-2-VM/);
    expect(ssvm.confirmLabel).toBe('Stop s-2-VM');
  });

  it('groups by zone, console proxies first', () => {
    const groups = groupByZone([
      vm({ id: '1', name: 's-10-VM', systemvmtype: 'secondarystoragevm', zoneid: 'b', zonename: 'zone-b' }),
      vm({ id: '2', name: 'v-9-VM', zoneid: 'b', zonename: 'zone-b' }),
      vm({ id: '3', name: 's-2-VM', systemvmtype: 'secondarystoragevm', zoneid: 'a', zonename: 'zone-a' }),
      vm({ id: '4', name: 's-9-VM', systemvmtype: 'secondarystoragevm', zoneid: 'b', zonename: 'zone-b' }),
    ]);
    expect(groups.map((g) => g.zonename)).toEqual(['zone-a', 'zone-b']);
    expect(groups[1]!.vms.map((v) => v.name)).toEqual(['v-9-VM', 's-9-VM', 's-10-VM']);
  });

  it('polls while something moves', () => {
    expect(inMotion([vm({})])).toBe(false);
    expect(inMotion([vm({ state: 'Starting' })])).toBe(true);
    expect(inMotion([vm({ jobid: 'j', jobstatus: 0 })])).toBe(true);
  });
});

describe('filters in the URL', () => {
  it('reads zone and type, ignoring anything else', () => {
    const zone = '0b0f8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(readSystemVmFilters(new URLSearchParams(`zone=${zone}&type=consoleproxy`))).toEqual({ zoneid: zone, type: 'consoleproxy' });
    expect(readSystemVmFilters(new URLSearchParams('zone=x&type=router'))).toEqual({});
    const list = [vm({ id: '1', zoneid: 'a' }), vm({ id: '2', zoneid: 'b', systemvmtype: 'secondarystoragevm' })];
    expect(filterSystemVms(list, { zoneid: 'b' }).map((v) => v.id)).toEqual(['2']);
    expect(filterSystemVms(list, { type: 'consoleproxy' }).map((v) => v.id)).toEqual(['1']);
    expect(filterSystemVms(list, {})).toHaveLength(2);
  });
});
