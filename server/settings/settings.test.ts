import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { startRestartableServer } from '../testing/restart';

interface Configuration {
  name: string; value: string; defaultvalue: string; description: string; type: string; scope: string; isdynamic: boolean;
  category: string; pendingrestart?: boolean;
}

function kvmZone(t: TestServer): string {
  return (t.server.running.sim.db.prepare(`SELECT id FROM zones WHERE hypervisor = 'KVM' ORDER BY rowid LIMIT 1`).get() as { id: string }).id;
}

describe('listConfigurations, updateConfiguration, resetConfiguration', () => {
  let t: TestServer;
  let admin: Session;
  let zoneid: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    admin = await t.login();
    zoneid = kvmZone(t);
  });
  afterAll(() => t.close());

  it('lists the zone-scoped settings of a zone, router.template.* among them, not dynamic', async () => {
    const { items } = expectList<Configuration>(await admin.call('listConfigurations', { zoneid, pagesize: 500 }), 'configuration');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.scope === 'zone')).toBe(true);
    const kvm = items.find((c) => c.name === 'router.template.kvm')!;
    expect(kvm).toMatchObject({ type: 'String', isdynamic: false, value: kvm.defaultvalue, pendingrestart: false });
    const names = expectList<Configuration>(await admin.call('listConfigurations', { zoneid, name: 'router.template' }), 'configuration').items.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['router.template.kvm', 'router.template.xenserver', 'router.template.vmware']));
    expect(names.every((n) => n.startsWith('router.template.'))).toBe(true);
    // Global listing includes global-only settings.
    const global = expectList<Configuration>(await admin.call('listConfigurations', { keyword: 'router.version.check' }), 'configuration').items;
    expect(global.map((c) => [c.name, c.type, c.scope])).toEqual([['router.version.check', 'Boolean', 'global']]);
  });

  it('refuses a value of the wrong type with 431 naming the setting and the reason', async () => {
    const cases: [string, string, RegExp][] = [
      ['router.version.check', 'yes', /router\.version\.check.*'yes' must be true or false/],
      ['router.stats.interval', 'five', /router\.stats\.interval.*'five' must be a whole number/],
      ['router.stats.interval', '-1', /router\.stats\.interval.*must be 0 or more/],
      ['router.stats.interval', '99999999999', /router\.stats\.interval.*out of range for an integer/],
      ['consoleproxy.loadscan.interval', '0', /consoleproxy\.loadscan\.interval.*must be 1 or more/],
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

  it('accepts any template name for router.template.<hypervisor> (as CloudStack does), pending a restart', async () => {
    const r = await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'No Such Template', zoneid });
    expect(r.status).toBe(200);
    const c = r.data.configuration as Configuration;
    expect(c).toMatchObject({ name: 'router.template.kvm', value: 'No Such Template', scope: 'zone', isdynamic: false, pendingrestart: true });
    // Other zones keep the global value.
    const other = (t.server.running.sim.db.prepare(`SELECT id FROM zones WHERE id != ? LIMIT 1`).get(zoneid) as { id: string }).id;
    const there = expectList<Configuration>(await admin.call('listConfigurations', { zoneid: other, name: 'router.template.kvm' }), 'configuration').items[0]!;
    expect(there.value).toBe(there.defaultvalue);
    // The running server still uses the old template: effective value unchanged until restart.
    expect(t.server.running.sim.settings.effective('router.template.kvm', zoneid)).toBe(there.defaultvalue);
    const reset = await admin.call('resetConfiguration', { name: 'router.template.kvm', zoneid });
    expect(reset.status).toBe(200);
    expect(reset.data.configuration).toMatchObject({ value: there.defaultvalue, pendingrestart: false });
    const events = expectList<{ type: string; description: string }>(await admin.call('listEvents', { listall: true, type: 'CONFIGURATION.VALUE.EDIT' }), 'event').items;
    expect(events.some((e) => e.description.includes('router.template.kvm') && e.description.includes('restart'))).toBe(true);
  });

  it('a dynamic setting takes effect at once', async () => {
    const r = await admin.call('updateConfiguration', { name: 'minreq.sysvmtemplate.version', value: '4.20.1' });
    expect(r.data.configuration).toMatchObject({ value: '4.20.1', isdynamic: true, pendingrestart: false });
    expect(t.server.running.sim.settings.effective('minreq.sysvmtemplate.version')).toBe('4.20.1');
    await admin.call('resetConfiguration', { name: 'minreq.sysvmtemplate.version' });
    expect(t.server.running.sim.settings.effective('minreq.sysvmtemplate.version')).toBe('4.10.0');
  });

  it('router.version.check is not dynamic: a change waits for the restart', async () => {
    const r = await admin.call('updateConfiguration', { name: 'router.version.check', value: 'false' });
    expect(r.data.configuration).toMatchObject({ value: 'false', isdynamic: false, pendingrestart: true });
    expect(t.server.running.sim.settings.effectiveBool('router.version.check')).toBe(true);
    await admin.call('resetConfiguration', { name: 'router.version.check' });
  });
});

describe('non-dynamic settings across a restart', () => {
  it('keeps the saved value and applies it after the restart', async () => {
    const sim = await startRestartableServer({ routers: 10 });
    try {
      let admin = await sim.current().login();
      const zoneid = kvmZone(sim.current());
      await admin.call('updateConfiguration', { name: 'router.stats.interval', value: '60' });
      await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'KVM64bitTemplate', zoneid });
      expect(sim.current().server.running.sim.settings.effective('router.stats.interval')).toBe('300');
      const t2 = await sim.restart();
      admin = await t2.login();
      const stats = expectList<Configuration>(await admin.call('listConfigurations', { name: 'router.stats.interval' }), 'configuration').items[0]!;
      expect(stats).toMatchObject({ value: '60', pendingrestart: false });
      const tpl = expectList<Configuration>(await admin.call('listConfigurations', { zoneid, name: 'router.template.kvm' }), 'configuration').items[0]!;
      expect(tpl).toMatchObject({ value: 'KVM64bitTemplate', pendingrestart: false });
      expect(t2.server.running.sim.settings.effective('router.template.kvm', zoneid)).toBe('KVM64bitTemplate');
    } finally {
      await sim.close();
    }
  });
});
