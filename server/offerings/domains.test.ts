import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { domainIdByPath } from '../testing/lookups';

/** Issue 14: a domain admin's new service offering is visible to its domain only. */
describe("a domain admin's service offering", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 5 });
  });
  afterAll(() => t.close());

  it('needs a domain of its own tree, and is listed there only', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const admin = await t.login();
    const engDomain = await domainIdByPath(admin, '/ROOT/Engineering/');
    const sales = await domainIdByPath(admin, '/ROOT/Sales/');
    const offering = { name: 'Eng small', displaytext: 'Eng small', cpunumber: 1, cpuspeed: 500, memory: 512 };
    expectError(await eng.call('createServiceOffering', offering), 431, /public service offering .* domain-admin/);
    expectError(await eng.call('createServiceOffering', { ...offering, domainid: sales }), 531, /another domain-admin/);
    const created = await eng.call('createServiceOffering', { ...offering, domainid: engDomain });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.data.serviceoffering).toMatchObject({ domainid: engDomain, domain: 'Engineering' });

    const names = async (s: { call: typeof eng.call }) =>
      expectList<{ name: string }>(await s.call('listServiceOfferings', { pagesize: -1 }), 'serviceoffering').items.map((o) => o.name);
    expect(await names(eng)).toContain('Eng small');
    expect(await names(await t.login('alice', 'password', '/ROOT/Engineering/'))).toContain('Eng small');
    expect(await names(await t.login('carol', 'password', '/ROOT/Engineering/QA/'))).toContain('Eng small');
    expect(await names(await t.login('bob', 'password', '/ROOT/Sales/'))).not.toContain('Eng small');
    expect(await names(await t.login())).toContain('Eng small');
  });
});
