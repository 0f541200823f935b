import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Configuration { name: string; value: string; defaultvalue: string; description: string; category: string; scope: string;
  type: string; isdynamic: boolean; group?: string; subgroup?: string }

/** Settings the console shows and acts on (ConfigurationManagerImpl and the components that declare them in CloudStack). */
const NAMED = ['router.template.kvm', 'router.template.xenserver', 'router.template.vmware', 'router.template.hyperv',
  'router.template.lxc', 'router.template.ovm3', 'router.version.check', 'router.stats.interval',
  'consoleproxy.session.max', 'consoleproxy.url.domain', 'consoleproxy.sslEnabled',
  'network.router.EnableServiceMonitoring', 'secstorage.capacity.standby', 'secstorage.session.max', 'secstorage.vm.mtu.size',
  'router.health.checks.enabled', 'router.health.checks.basic.interval', 'router.health.checks.advanced.interval'];

describe('listConfigurations', () => {
  let t: TestServer;
  let admin: Session;
  let all: Configuration[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    admin = await t.login('admin');
    all = expectList<Configuration>(await admin.call('listConfigurations', { pagesize: -1 }), 'configuration').items;
  });
  afterAll(() => t.close());

  it('lists every setting the console acts on, with CloudStack’s fields and defaults', async () => {
    const names = all.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(NAMED));
    for (const c of all) {
      for (const f of ['name', 'value', 'defaultvalue', 'description', 'category', 'type'] as const) expect(c[f], `${c.name}.${f}`).toBeDefined();
      expect(typeof c.isdynamic).toBe('boolean');
      // Without a scope id, ConfigurationResponse carries no scope; there is no pending-restart field.
      expect(c.scope, c.name).toBeUndefined();
      expect(c, c.name).not.toHaveProperty('pendingrestart');
    }
    const byName = new Map(all.map((c) => [c.name, c]));
    expect(byName.get('router.version.check')).toMatchObject({ value: 'true', type: 'Boolean' });
    expect(byName.get('router.stats.interval')!.defaultvalue).toBe('300');
    expect(byName.get('consoleproxy.session.max')!.defaultvalue).toBe('50');
    // The ConfigKey's spelling and metadata (default true, dynamic) over the legacy row's value (false).
    expect(byName.get('network.router.EnableServiceMonitoring')).toMatchObject({ defaultvalue: 'true', value: 'false', isdynamic: true });
    expect(byName.has('network.router.enableservicemonitoring')).toBe(false);
    // VirtualNetworkApplianceManager's router.template.* ConfigKeys are dynamic.
    expect(byName.get('router.template.kvm')).toMatchObject({ isdynamic: true, type: 'String' });
    // ConfigurationManagerImpl.parseConfigurationTypeIntoString: Integer and Long are "Number".
    expect(byName.get('router.stats.interval')).toMatchObject({ type: 'Number', isdynamic: false });
    expect(byName.get('default.page.size')).toMatchObject({ type: 'Number', isdynamic: false });
    expect(byName.get('secstorage.session.max')).toMatchObject({ isdynamic: false });
    expect(byName.get('secstorage.capacity.standby')).toMatchObject({ isdynamic: false });
    // ConsoleProxyManager's ConfigKeys: session.max dynamic, url.domain and sslEnabled read at start-up.
    expect(byName.get('consoleproxy.session.max')).toMatchObject({ isdynamic: true, category: 'Console Proxy' });
    expect(byName.get('consoleproxy.url.domain')).toMatchObject({ isdynamic: false, category: 'Console Proxy' });
    expect(byName.get('consoleproxy.sslEnabled')).toMatchObject({ isdynamic: false, category: 'Advanced' });
    // Removed in CloudStack 4.10 (CLOUDSTACK-9721).
    expect(byName.has('consoleproxy.loadscan.interval')).toBe(false);
  });

  it('is for the root admin only: 432 for a domain admin and a user', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const bob = await t.login('bob', 'password', '/ROOT/Sales/');
    expectError(await eng.call('listConfigurations'), 432);
    expectError(await bob.call('listConfigurations', { name: 'router.version.check' }), 432);
  });

  it('filters by name, category, keyword and zone scope', async () => {
    const byName = expectList<Configuration>(await admin.call('listConfigurations', { name: 'router.version.check' }), 'configuration').items;
    expect(byName.map((c) => c.name)).toContain('router.version.check');
    expect(byName.every((c) => c.name.includes('router.version.check'))).toBe(true);
    const cat = byName[0]!.category;
    const inCat = expectList<Configuration>(await admin.call('listConfigurations', { category: cat, pagesize: -1 }), 'configuration').items;
    expect(inCat.map((c) => c.name).sort()).toEqual(all.filter((c) => c.category === cat).map((c) => c.name).sort());
    const kw = expectList<Configuration>(await admin.call('listConfigurations', { keyword: 'consoleproxy', pagesize: -1 }), 'configuration').items;
    expect(kw.length).toBeGreaterThanOrEqual(3);
    expect(kw.every((c) => c.name.includes('consoleproxy') || c.description.toLowerCase().includes('consoleproxy'))).toBe(true);
    const zone = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!;
    const zoned = expectList<Configuration>(await admin.call('listConfigurations', { zoneid: zone.id, pagesize: -1 }), 'configuration').items;
    expect(zoned.length).toBeGreaterThan(0);
    expect(zoned.every((c) => c.scope === 'zone')).toBe(true);
    expect(zoned.map((c) => c.name)).toContain('router.template.kvm');
    expect((await admin.call('listConfigurations', { name: 'no.such.setting' })).body).toEqual({ listconfigurationsresponse: {} });
  });

  it('shows a zone value where one is set, and the global value elsewhere', async () => {
    const [z1, z2] = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items;
    const upd = await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'KVM64bitTemplate', zoneid: z1!.id });
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    const at = async (zoneid: string) =>
      expectList<Configuration>(await admin.call('listConfigurations', { name: 'router.template.kvm', zoneid }), 'configuration').items
        .find((c) => c.name === 'router.template.kvm')!.value;
    expect(await at(z1!.id)).toBe('KVM64bitTemplate');
    expect(await at(z2!.id)).not.toBe('KVM64bitTemplate');
  });

  it('bad input answers 431 naming the parameter', async () => {
    expectError(await admin.call('listConfigurations', { zoneid: 'zone-east' }), 431, /zoneid/);
    expectError(await admin.call('listConfigurations', { zoneid: NO_SUCH_ID }), 431, /zone/);
    expectError(await admin.call('listConfigurations', { accountid: 'a' }), 431, /accountid/);
  });

  it('pages', async () => {
    await checkPaging(admin, 'listConfigurations', 'configuration', {}, 5);
  });
});
