import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

type Domain = { id: string; name: string; path: string; parentdomainid?: string };
type Account = { id: string; name: string; domainid: string; accounttype: number };
type User = { id: string; username: string; account: string; accountid: string; domainid: string; roletype: string; apikey?: string; secretkey?: string };

describe('domains, accounts, users and API keys', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let alice: Session;
  let carol: Session;
  let bob: Session;
  let domains: Domain[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    carol = await t.login('carol', 'password', '/ROOT/Engineering/QA/');
    bob = await t.login('bob', 'password', '/ROOT/Sales/');
    domains = expectList<Domain>(await admin.call('listDomains', { listall: true }), 'domain').items;
  });
  afterAll(() => t.close());
  const domainId = (path: string) => domains.find((d) => d.path === path)!.id;

  describe('listDomains', () => {
    it('the root admin lists the whole tree with listall, and its own domain without', async () => {
      expect(domains.map((d) => d.path).sort()).toEqual(['ROOT', 'ROOT/Engineering', 'ROOT/Engineering/QA', 'ROOT/Sales', 'ROOT/Support']);
      const qa = domains.find((d) => d.path === 'ROOT/Engineering/QA')!;
      expect(qa.parentdomainid).toBe(domainId('ROOT/Engineering'));
      const own = expectList<Domain>(await admin.call('listDomains'), 'domain');
      expect(own.items.map((d) => d.path)).toEqual(['ROOT']);
    });

    it('a domain admin lists only its subtree, a user only its domain', async () => {
      const sub = expectList<Domain>(await eng.call('listDomains', { listall: true }), 'domain');
      expect(sub.items.map((d) => d.path).sort()).toEqual(['ROOT/Engineering', 'ROOT/Engineering/QA']);
      const mine = expectList<Domain>(await carol.call('listDomains', { listall: true }), 'domain');
      expect(mine.items.map((d) => d.path)).toEqual(['ROOT/Engineering/QA']);
      // Naming a domain outside the caller's reach is refused, as CloudStack does; inside it, it is listed.
      expectError(await eng.call('listDomains', { id: domainId('ROOT/Sales') }), 531);
      expectError(await carol.call('listDomains', { id: domainId('ROOT/Engineering') }), 531);
      expect(expectList<Domain>(await eng.call('listDomains', { id: domainId('ROOT/Engineering/QA') }), 'domain').items.map((d) => d.name)).toEqual(['QA']);
      expect(expectList<Domain>(await carol.call('listDomains', { id: domainId('ROOT/Engineering/QA') }), 'domain').count).toBe(1);
    });

    it('filters by id, name, level and keyword; an empty result is {}', async () => {
      const byId = expectList<Domain>(await admin.call('listDomains', { listall: true, id: domainId('ROOT/Sales') }), 'domain');
      expect(byId.items.map((d) => d.name)).toEqual(['Sales']);
      // Without listall too: the root admin asking for a sub-domain by id gets it.
      expect(expectList<Domain>(await admin.call('listDomains', { id: domainId('ROOT/Sales') }), 'domain').items.map((d) => d.name)).toEqual(['Sales']);
      expectError(await admin.call('listDomains', { id: NO_SUCH_ID }), 431, /\bid\b/);
      expect(expectList<Domain>(await admin.call('listDomains', { listall: true, name: 'QA' }), 'domain').count).toBe(1);
      expect(expectList<Domain>(await admin.call('listDomains', { listall: true, level: 1 }), 'domain').count).toBe(3);
      expect(expectList<Domain>(await admin.call('listDomains', { listall: true, keyword: 'eng' }), 'domain').count).toBe(1);
      expect((await admin.call('listDomains', { listall: true, keyword: 'no-such' })).body).toEqual({ listdomainsresponse: {} });
    });

    it('bad input answers 431 naming the parameter', async () => {
      expectError(await admin.call('listDomains', { id: 'x' }), 431, /\bid\b/);
      expectError(await admin.call('listDomains', { level: 'deep' }), 431, /level/);
      expect((await admin.call('listDomains', { listall: 'yes' })).status).toBe(200); // Boolean.valueOf: not an error
    });

    it('pages', async () => {
      await checkPaging(admin, 'listDomains', 'domain', { listall: true });
    });
  });

  describe('listAccounts', () => {
    it('the root admin lists its own account without listall and every account with it', async () => {
      const own = expectList<Account>(await admin.call('listAccounts'), 'account');
      expect(own.items.map((a) => a.name)).toEqual(['admin']);
      const all = expectList<Account>(await admin.call('listAccounts', { listall: true }), 'account');
      // CloudStack's own system account is listed too.
      expect(all.count).toBe(11);
      expect(all.items.map((a) => a.name)).toEqual(expect.arrayContaining(['system', 'admin', 'eng-admin', 'alice', 'carol', 'bob', 'dave', 'tenant-001']));
      const a = all.items.find((x) => x.name === 'eng-admin')!;
      expect(a.accounttype).toBe(2);
      expect(a.domainid).toBe(domainId('ROOT/Engineering'));
    });

    it('a domain admin lists only its subtree', async () => {
      const sub = expectList<Account>(await eng.call('listAccounts', { listall: true }), 'account');
      const allowed = new Set([domainId('ROOT/Engineering'), domainId('ROOT/Engineering/QA')]);
      expect(sub.count).toBeGreaterThan(2);
      expect(sub.items.every((a) => allowed.has(a.domainid))).toBe(true);
      expect(sub.items.map((a) => a.name)).toEqual(expect.arrayContaining(['alice', 'carol', 'eng-admin']));
      expect(sub.items.map((a) => a.name)).not.toContain('bob');
      expectError(await eng.call('listAccounts', { domainid: domainId('ROOT/Sales') }), 531);
    });

    it('a user lists only its own account, even with listall or a domain', async () => {
      const cases: Record<string, string | boolean>[] = [{}, { listall: true }, { listall: true, domainid: domainId('ROOT/Engineering') }];
      for (const params of cases) {
        const r = expectList<Account>(await alice.call('listAccounts', params), 'account');
        expect(r.items.map((a) => a.name)).toEqual(['alice']);
      }
      expectError(await alice.call('listAccounts', { domainid: domainId('ROOT/Sales') }), 531);
    });

    it('filters by domain (recursive or not), id, name, accounttype and keyword', async () => {
      const eng1 = expectList<Account>(await admin.call('listAccounts', { domainid: domainId('ROOT/Engineering') }), 'account');
      expect(eng1.items.every((a) => a.domainid === domainId('ROOT/Engineering'))).toBe(true);
      const engAll = expectList<Account>(await admin.call('listAccounts', { domainid: domainId('ROOT/Engineering'), isrecursive: true }), 'account');
      expect(engAll.count).toBeGreaterThan(eng1.count);
      const first = eng1.items[0]!;
      expect(expectList<Account>(await admin.call('listAccounts', { listall: true, id: first.id }), 'account').items.map((a) => a.id)).toEqual([first.id]);
      expect(expectList<Account>(await admin.call('listAccounts', { listall: true, name: 'carol' }), 'account').count).toBe(1);
      const domainAdmins = expectList<Account>(await admin.call('listAccounts', { listall: true, accounttype: 2 }), 'account');
      expect(domainAdmins.items.map((a) => a.name)).toEqual(['eng-admin']);
      const tenants = expectList<Account>(await admin.call('listAccounts', { listall: true, keyword: 'tenant' }), 'account');
      expect(tenants.count).toBe(4);
      expect(tenants.items.every((a) => a.name.includes('tenant'))).toBe(true);
      expectError(await admin.call('listAccounts', { listall: true, id: NO_SUCH_ID }), 431, /entity does not exist/);
    });

    it('bad input answers 431 naming the parameter', async () => {
      expectError(await admin.call('listAccounts', { domainid: 'ROOT' }), 431, /domainid/);
      expectError(await admin.call('listAccounts', { accounttype: 9 }), 431, /accounttype/);
      expectError(await admin.call('listAccounts', { domainid: NO_SUCH_ID }), 431, /domain/);
    });

    it('pages', async () => {
      await checkPaging(admin, 'listAccounts', 'account', { listall: true }, 3);
    });
  });

  describe('listUsers', () => {
    it('a user sees only its own account, a domain admin its subtree, the root admin everyone', async () => {
      const me = expectList<User>(await alice.call('listUsers', { listall: true }), 'user');
      expect(me.items.map((u) => u.username)).toEqual(['alice']);
      expect(me.items[0]!.roletype).toBe('User');
      const sub = expectList<User>(await eng.call('listUsers', { listall: true }), 'user');
      expect(sub.items.map((u) => u.username)).toEqual(expect.arrayContaining(['alice', 'carol', 'eng-admin']));
      expect(sub.items.map((u) => u.username)).not.toContain('bob');
      const all = expectList<User>(await admin.call('listUsers', { listall: true }), 'user');
      expect(all.count).toBe(11);
      expect(all.items.find((u) => u.username === 'admin')!.roletype).toBe('Admin');
    });

    it('never answers a secret key, and a user cannot name another account', async () => {
      const all = expectList<User>(await admin.call('listUsers', { listall: true }), 'user');
      expect(all.items.every((u) => u.secretkey === undefined)).toBe(true);
      expect(JSON.stringify(all.items)).not.toMatch(/passwordhash|scrypt/);
      expectError(await alice.call('listUsers', { account: 'eng-admin' }), 531);
      expectError(await bob.call('listUsers', { account: 'alice', domainid: domainId('ROOT/Engineering') }), 531);
    });

    it('filters by id, username, account and keyword', async () => {
      const all = expectList<User>(await admin.call('listUsers', { listall: true }), 'user');
      const carolUser = all.items.find((u) => u.username === 'carol')!;
      expect(expectList<User>(await admin.call('listUsers', { listall: true, id: carolUser.id }), 'user').items.map((u) => u.username)).toEqual(['carol']);
      expect(expectList<User>(await admin.call('listUsers', { listall: true, username: 'dave' }), 'user').count).toBe(1);
      const byAccount = expectList<User>(await admin.call('listUsers', { account: 'carol', domainid: carolUser.domainid }), 'user');
      expect(byAccount.items.map((u) => u.username)).toEqual(['carol']);
      expect(expectList<User>(await admin.call('listUsers', { listall: true, keyword: 'tenant-00' }), 'user').count).toBe(4);
      expectError(await admin.call('listUsers', { id: '12' }), 431, /\bid\b/);
    });

    it('pages', async () => {
      await checkPaging(admin, 'listUsers', 'user', { listall: true }, 4);
    });
  });

  describe('registerUserKeys and getUserKeys', () => {
    let users: User[];
    beforeAll(async () => {
      users = expectList<User>(await admin.call('listUsers', { listall: true }), 'user').items;
    });
    const userId = (name: string) => users.find((u) => u.username === name)!.id;

    it('registers keys for oneself and reads them back; before that there are none', async () => {
      const before = await carol.call('getUserKeys', { id: carol.userid });
      expect(before.status).toBe(200);
      expect(before.body).toEqual({ getuserkeysresponse: { userkeys: {} } });
      const reg = await carol.call('registerUserKeys', { id: carol.userid });
      expect(reg.status).toBe(200);
      expect(Object.keys(reg.body)).toEqual(['registeruserkeysresponse']);
      const keys = reg.data.userkeys as { apikey: string; secretkey: string };
      expect(keys.apikey.length).toBeGreaterThan(20);
      expect(keys.secretkey.length).toBeGreaterThan(20);
      expect(keys.apikey).not.toBe(keys.secretkey);
      expect((await carol.call('getUserKeys', { id: carol.userid })).data.userkeys).toEqual(keys);
      // listUsers shows the API key but not the secret.
      const me = expectList<User>(await carol.call('listUsers'), 'user').items[0]!;
      expect(me.apikey).toBe(keys.apikey);
      expect(me.secretkey).toBeUndefined();
    });

    it('admins manage the keys of users they administer', async () => {
      expect((await eng.call('registerUserKeys', { id: userId('carol') })).status).toBe(200);
      expect((await eng.call('getUserKeys', { id: userId('alice') })).status).toBe(200);
      expect((await admin.call('registerUserKeys', { id: userId('bob') })).status).toBe(200);
    });

    it('a user or domain admin acting on a user outside its reach gets 531', async () => {
      expectError(await alice.call('registerUserKeys', { id: userId('bob') }), 531);
      expectError(await alice.call('getUserKeys', { id: userId('carol') }), 531);
      expectError(await alice.call('getUserKeys', { id: userId('eng-admin') }), 531);
      expectError(await eng.call('registerUserKeys', { id: userId('bob') }), 531);
      expectError(await eng.call('getUserKeys', { id: userId('admin') }), 531);
      // The refused calls changed nothing.
      expect((await bob.call('getUserKeys', { id: bob.userid })).data.userkeys).toEqual(
        (await admin.call('getUserKeys', { id: userId('bob') })).data.userkeys,
      );
    });

    it('bad input answers 431 naming the parameter', async () => {
      expectError(await admin.call('registerUserKeys'), 431, /\bid\b/);
      expectError(await admin.call('registerUserKeys', { id: 'me' }), 431, /\bid\b/);
      expectError(await admin.call('getUserKeys', {}), 431, /\bid\b/);
      expectError(await admin.call('getUserKeys', { id: NO_SUCH_ID }), 431, /user/);
    });
  });
});
