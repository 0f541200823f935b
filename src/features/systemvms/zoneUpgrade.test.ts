import { describe, expect, it } from 'vitest';
import type { SystemVm } from '../../api/schemas';
import { planZoneUpgrade, runZoneUpgrade, upgradeProgress, type UpgradeApi, type ZoneUpgradeState } from './zoneUpgrade';

/** A small zone that behaves as CloudStack does: a destroyed VM is replaced by a new one that starts after a while. */
class Zone implements UpgradeApi {
  vms: SystemVm[];
  private n = 100;
  private pending: { vm: SystemVm; readyIn: number }[] = [];
  constructor(vms: SystemVm[], private readonly failing?: string) {
    this.vms = vms;
  }
  async destroy(id: string) {
    const vm = this.vms.find((v) => v.id === id);
    if (!vm) throw new Error(`no ${id}`);
    if (vm.name === this.failing) throw new Error(`Unable to destroy ${vm.name}`);
    this.vms = this.vms.filter((v) => v.id !== id);
    const fresh = { ...vm, id: `new-${this.n}`, name: `${vm.name[0]}-${this.n++}-VM`, state: 'Starting', version: '4.20.1' } as SystemVm;
    this.vms.push(fresh);
    this.pending.push({ vm: fresh, readyIn: 2 });
  }
  async list(zoneid: string) {
    return this.vms.filter((v) => v.zoneid === zoneid).map((v) => ({ ...v }));
  }
  async sleep() {
    for (const p of this.pending) if (--p.readyIn <= 0) p.vm.state = 'Running';
  }
}

const vm = (id: string, name: string, systemvmtype: SystemVm['systemvmtype'], zoneid = 'z') =>
  ({ id, name, systemvmtype, zoneid, state: 'Running', version: '4.20.0' }) as SystemVm;

describe('upgrading the system VMs of a zone', () => {
  it('plans console proxies first and only the zone\'s VMs', () => {
    const plan = planZoneUpgrade('z', 'zone', [vm('1', 's-3-VM', 'secondarystoragevm'), vm('2', 'v-2-VM', 'consoleproxy'), vm('3', 'v-9-VM', 'consoleproxy', 'other')]);
    expect(plan.steps.map((s) => s.name)).toEqual(['v-2-VM', 's-3-VM']);
    expect(upgradeProgress(plan)).toMatchObject({ done: 0, total: 2, percent: 0 });
  });

  it('recreates each VM in turn, waiting for the new one to run, with progress', async () => {
    const zone = new Zone([vm('1', 's-3-VM', 'secondarystoragevm'), vm('2', 'v-2-VM', 'consoleproxy')]);
    const seen: ZoneUpgradeState[] = [];
    const end = await runZoneUpgrade(planZoneUpgrade('z', 'zone', zone.vms), zone, (s) => seen.push(s), { pollMs: 0 });
    expect(end.phase).toBe('done');
    expect(end.steps.map((s) => [s.status, s.newVersion])).toEqual([['done', '4.20.1'], ['done', '4.20.1']]);
    expect(zone.vms.map((v) => v.state)).toEqual(['Running', 'Running']);
    expect(zone.vms.every((v) => v.id.startsWith('new-'))).toBe(true);
    // Never were both down at once: while the second was being destroyed, the first's replacement ran.
    const secondStarts = seen.findIndex((s) => s.steps[1]!.status === 'destroying');
    expect(seen[secondStarts]!.steps[0]!.status).toBe('done');
    const percents = seen.map((s) => upgradeProgress(s).percent);
    expect(percents[percents.length - 1]).toBe(100);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('stops at the first failure and says why', async () => {
    const zone = new Zone([vm('1', 's-3-VM', 'secondarystoragevm'), vm('2', 'v-2-VM', 'consoleproxy')], 'v-2-VM');
    const end = await runZoneUpgrade(planZoneUpgrade('z', 'zone', zone.vms), zone, () => undefined, { pollMs: 0 });
    expect(end.phase).toBe('failed');
    expect(end.steps[0]).toMatchObject({ status: 'failed', error: 'Unable to destroy v-2-VM' });
    expect(end.steps[1]!.status).toBe('waiting');
  });
});
