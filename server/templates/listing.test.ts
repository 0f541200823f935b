import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Template { id: string; name: string; hypervisor: string; templatetype: string; ispublic: boolean; isready: boolean;
  status: string; zoneid?: string; isfeatured?: boolean; account?: string }

describe('listTemplates', () => {
  let t: TestServer;
  let admin: Session;
  let alice: Session;
  let all: Template[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    admin = await t.login('admin');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    all = expectList<Template>(await admin.call('listTemplates', { templatefilter: 'all', pagesize: -1 }), 'template').items;
  });
  afterAll(() => t.close());

  it('the root admin sees the system VM templates of every hypervisor, current and older, and the guest templates', async () => {
    const system = all.filter((x) => x.templatetype === 'SYSTEM' || x.templatetype === 'ROUTING');
    for (const hv of ['KVM', 'XenServer', 'VMware']) {
      expect(system.filter((x) => x.hypervisor === hv).length, hv).toBeGreaterThanOrEqual(3);
    }
    expect(all.filter((x) => x.templatetype === 'USER').length).toBeGreaterThanOrEqual(3);
    expect(all.every((x) => typeof x.isready === 'boolean' && typeof x.ispublic === 'boolean' && typeof x.status === 'string')).toBe(true);
  });

  it('users never see system templates; featured lists the featured ones', async () => {
    const mine = expectList<Template>(await alice.call('listTemplates', { templatefilter: 'all' }), 'template').items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x) => x.templatetype !== 'SYSTEM' && x.templatetype !== 'ROUTING')).toBe(true);
    const featured = expectList<Template>(await alice.call('listTemplates', { templatefilter: 'featured' }), 'template').items;
    expect(featured.length).toBeGreaterThan(0);
    expect(featured.every((x) => x.isfeatured === true)).toBe(true);
    expect((await alice.call('listTemplates', { templatefilter: 'self' })).body).toEqual({ listtemplatesresponse: {} });
  });

  it('filters by id, name, hypervisor, templatetype, zoneid and keyword', async () => {
    const ids = async (p: Record<string, string>) =>
      expectList<Template>(await admin.call('listTemplates', { templatefilter: 'all', pagesize: -1, ...p }), 'template').items.map((x) => x.id).sort();
    const want = (pred: (x: Template) => boolean) => all.filter(pred).map((x) => x.id).sort();
    const t0 = all[0]!;
    expect(await ids({ id: t0.id })).toEqual([t0.id]);
    expect(await ids({ name: t0.name })).toEqual(want((x) => x.name === t0.name));
    expect(await ids({ hypervisor: 'vmware' })).toEqual(want((x) => x.hypervisor === 'VMware'));
    expect(await ids({ templatetype: 'USER' })).toEqual(want((x) => x.templatetype === 'USER'));
    expect(await ids({ keyword: 'Ubuntu' })).toEqual(want((x) => x.name.toLowerCase().includes('ubuntu')));
    const zone = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!;
    expect(await ids({ zoneid: zone.id })).toEqual(want((x) => x.zoneid === undefined || x.zoneid === zone.id));
    expectError(await admin.call('listTemplates', { templatefilter: 'all', id: NO_SUCH_ID }), 431, /entity does not exist/);
  });

  it('bad input answers 431 naming the parameter', async () => {
    expectError(await admin.call('listTemplates'), 431, /templatefilter/);
    expectError(await admin.call('listTemplates', { templatefilter: 'mine' }), 431, /templatefilter/);
    expectError(await admin.call('listTemplates', { templatefilter: 'all', id: 't1' }), 431, /\bid\b/);
    expect((await admin.call('listTemplates', { templatefilter: 'all', isready: 'yes' })).status).toBe(200); // Boolean.valueOf
  });

  it('pages', async () => {
    await checkPaging(admin, 'listTemplates', 'template', { templatefilter: 'all' }, 4);
  });
});
