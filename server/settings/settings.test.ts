import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { startRestartableServer } from '../testing/restart';
import { nowDate } from '../db/rows';
import { zoneIdOfHypervisor } from '../testing/lookups';

interface Configuration {
  name: string; value: string; defaultvalue: string; description: string; type: string; scope: string; isdynamic: boolean;
  category: string; pendingrestart?: boolean;
}

describe('listConfigurations, updateConfiguration, resetConfiguration', () => {
  let t: TestServer;
  let admin: Session;
  let zoneid: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    admin = await t.login();
    zoneid = await zoneIdOfHypervisor(admin, 'KVM');
  });
  afterAll(() => t.close());

  it('lists the zone-scoped settings of a zone, router.template.* among them, dynamic', async () => {
    const { items } = expectList<Configuration>(await admin.call('listConfigurations', { zoneid, pagesize: 500 }), 'configuration');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.scope === 'zone')).toBe(true);
    const kvm = items.find((c) => c.name === 'router.template.kvm')!;
    expect(kvm).toMatchObject({ type: 'String', isdynamic: true, value: kvm.defaultvalue });
    expect(kvm).not.toHaveProperty('pendingrestart');
    const names = expectList<Configuration>(await admin.call('listConfigurations', { zoneid, name: 'router.template' }), 'configuration').items.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['router.template.kvm', 'router.template.xenserver', 'router.template.vmware']));
    expect(names.every((n) => n.startsWith('router.template.'))).toBe(true);
    // Global listing includes global-only settings.
    const global = expectList<Configuration>(await admin.call('listConfigurations', { keyword: 'router.version.check' }), 'configuration').items;
    // Without a scope id there is no `scope` in the answer.
    expect(global.map((c) => [c.name, c.type, c.scope])).toEqual([['router.version.check', 'Boolean', undefined]]);
  });

  it('refuses a value of the wrong type with 431 naming the setting and the reason', async () => {
    const cases: [string, string, RegExp][] = [
      ['router.version.check', 'yes', /router\.version\.check.*'yes' must be true or false/],
      ['router.stats.interval', 'five', /router\.stats\.interval.*'five' must be a whole number/],
      ['router.stats.interval', '-1', /router\.stats\.interval.*must be 0 or more/],
      ['router.stats.interval', '99999999999', /router\.stats\.interval.*out of range for an integer/],
      ['consoleproxy.session.max', '0', /consoleproxy\.session\.max.*must be 1 or more/],
      ['secstorage.vm.mtu.size', '100', /secstorage\.vm\.mtu\.size.*between 576 and 9000/],
      ['router.health.checks.basic.interval', '1.5', /must be a whole number/],
    ];
    for (const [name, value, text] of cases) {
      expectError(await admin.call('updateConfiguration', { name, value }), 431, text);
    }
    expectError(await admin.call('updateConfiguration', { name: 'no.such.setting', value: '1' }), 431, /no\.such\.setting does not exist/);
    expectError(await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false', zoneid }), 431, /router\.version\.check cannot be set at the zone scope/);
    expectError(await admin.call('updateConfiguration', { value: 'x' }), 431, /missing parameter name/);
    expectError(await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'x', zoneid: 'nope' }), 431, /zoneid/);
    // Nothing was saved by the refused calls.
    const check = expectList<Configuration>(await admin.call('listConfigurations', { name: 'router.stats.interval' }), 'configuration').items[0]!;
    expect(check.value).toBe('300');
  });

  it('only the root admin may read or change settings', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    expect((await eng.call('listConfigurations')).status).toBe(432);
    expect((await eng.call('updateConfiguration', { name: 'router.stats.interval', value: '60' })).status).toBe(432);
  });

  it('accepts any template name for router.template.<hypervisor> (as CloudStack does), in effect at once (a dynamic ConfigKey)', async () => {
    const r = await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'No Such Template', zoneid });
    expect(r.status).toBe(200);
    const c = r.data.configuration as Configuration;
    expect(c).toMatchObject({ name: 'router.template.kvm', value: 'No Such Template', scope: 'zone', isdynamic: true });
    expect(c).not.toHaveProperty('pendingrestart');
    // Other zones keep the global value.
    const other = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items.find((z) => z.id !== zoneid)!.id;
    const there = expectList<Configuration>(await admin.call('listConfigurations', { zoneid: other, name: 'router.template.kvm' }), 'configuration').items[0]!;
    expect(there.value).toBe(there.defaultvalue);
    // Dynamic: the next router deployed in the zone reads the new value.
    expect(t.server.running.sim.settings.effective('router.template.kvm', zoneid)).toBe('No Such Template');
    const reset = await admin.call('resetConfiguration', { name: 'router.template.kvm', zoneid });
    expect(reset.status).toBe(200);
    expect(reset.data.configuration).toMatchObject({ value: there.defaultvalue });
  });

  it('a setting that is not dynamic keeps working with its old value until a restart; the event says so', async () => {
    const r = await admin.call('updateConfiguration', { name: 'router.stats.interval', value: '120' });
    expect(r.data.configuration).toMatchObject({ value: '120', isdynamic: false, type: 'Number' });
    expect(t.server.running.sim.settings.effective('router.stats.interval')).toBe('300');
    const events = expectList<{ type: string; description: string }>(await admin.call('listEvents', { listall: true, type: 'CONFIGURATION.VALUE.EDIT' }), 'event').items;
    expect(events.some((e) => e.description.includes('router.stats.interval') && e.description.includes('restart'))).toBe(true);
    await admin.call('resetConfiguration', { name: 'router.stats.interval' });
  });

  it('names match without regard to case, as MySQL compares them', async () => {
    const r = await admin.call('updateConfiguration', { name: 'network.router.enableservicemonitoring', value: 'true', zoneid });
    expect(r.data.configuration).toMatchObject({ name: 'network.router.EnableServiceMonitoring', value: 'true', scope: 'zone', isdynamic: true });
    expect(t.server.running.sim.settings.effectiveBool('network.router.enableServiceMonitoring', zoneid)).toBe(true);
    await admin.call('resetConfiguration', { name: 'network.router.EnableServiceMonitoring', zoneid });
  });

  it('a dynamic setting takes effect at once', async () => {
    const r = await admin.call('updateConfiguration', { name: 'minreq.sysvmtemplate.version', value: '4.20.1' });
    expect(r.data.configuration).toMatchObject({ value: '4.20.1', isdynamic: true });
    expect(t.server.running.sim.settings.effective('minreq.sysvmtemplate.version')).toBe('4.20.1');
    await admin.call('resetConfiguration', { name: 'minreq.sysvmtemplate.version' });
    expect(t.server.running.sim.settings.effective('minreq.sysvmtemplate.version')).toBe('4.10.0');
  });

  it('router.version.check is not dynamic: a change waits for the restart', async () => {
    const r = await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
    expect(r.data.configuration).toMatchObject({ value: 'false', isdynamic: false });
    expect(t.server.running.sim.settings.effectiveBool('router.version.check')).toBe(true);
    await admin.call('resetConfiguration', { name: 'router.version.check' });
  });
});

describe('non-dynamic settings across a restart', () => {
  it('keeps the saved value and applies it after the restart, and listManagementServers shows the restart', async () => {
    const sim = await startRestartableServer({ routers: 10 });
    try {
      let admin = await sim.current().login();
      const before = expectList<{ id: string; lastserverstart: string }>(await admin.call('listManagementServers'), 'managementserver').items;
      expect(before).toHaveLength(1);
      await admin.call('updateConfiguration', { name: 'router.stats.interval', value: '60' });
      expect(sim.current().server.running.sim.settings.effective('router.stats.interval')).toBe('300');
      const firstStart = sim.current().server.running.sim.startedAt;
      expect(before[0]!.lastserverstart).toBe(nowDate(firstStart));
      const t2 = await sim.restart();
      admin = await t2.login();
      const stats = expectList<Configuration>(await admin.call('listConfigurations', { name: 'router.stats.interval' }), 'configuration').items[0]!;
      expect(stats).toMatchObject({ value: '60' });
      expect(t2.server.running.sim.settings.effective('router.stats.interval')).toBe('60');
      // lastserverstart moves on with the restart (same server id): the app tells "restarted since the change" by it.
      const after = expectList<{ id: string; lastserverstart: string }>(await admin.call('listManagementServers'), 'managementserver').items;
      expect(after[0]!.id).toBe(before[0]!.id);
      expect(after[0]!.lastserverstart).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
      expect(t2.server.running.sim.startedAt).toBeGreaterThan(firstStart);
      expect(after[0]!.lastserverstart).toBe(nowDate(t2.server.running.sim.startedAt));
    } finally {
      await sim.close();
    }
  });
});
