import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface Event { id: string; type: string; level: string; state: string; description: string; account: string;
  domain: string; domainid: string; resourceid?: string; resourcetype?: string; created: string; username: string }
interface Router { id: string; name: string; state: string; requiresupgrade: boolean; domain: string; account: string }

describe('listEvents', () => {
  let t: TestServer;
  let admin: Session;
  let eng: Session;
  let alice: Session;
  let bob: Session;
  let routers: Router[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login('admin');
    eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    bob = await t.login('bob', 'password', '/ROOT/Sales/');
    routers = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
    // Events in several accounts: reboots of fresh routers in each domain, and a restart of alice's network.
    const fresh = routers.filter((r) => !r.requiresupgrade && r.state === 'Running' && r.account !== 'admin');
    const picks = [fresh.find((r) => r.domain === 'Sales')!, fresh.find((r) => r.domain === 'Support')!,
      fresh.find((r) => (r.domain === 'Engineering' || r.domain === 'QA') && r.account !== 'alice')!, routers.find((r) => r.account === 'admin')!];
    for (const r of picks) {
      const res = await admin.call('rebootRouter', { id: r.id });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await t.waitForJob(admin, String(res.data.jobid));
    }
    const net = expectList<{ id: string; account: string }>(await alice.call('listNetworks'), 'network').items.find((n) => n.account === 'alice')!;
    await t.waitForJob(alice, String((await alice.call('restartNetwork', { id: net.id, cleanup: true })).data.jobid));
  });
  afterAll(() => t.close());

  it('answers listeventsresponse with the event fields, newest first', async () => {
    const r = expectList<Event>(await admin.call('listEvents', { listall: true }), 'event');
    expect(r.count).toBeGreaterThanOrEqual(10);
    for (const e of r.items) {
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(['INFO', 'WARN', 'ERROR']).toContain(e.level);
      expect(e.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);
      expect(e.account && e.domainid && e.description && e.type && e.state).toBeTruthy();
    }
    const created = r.items.map((e) => e.created);
    expect([...created].sort().reverse()).toEqual(created);
    // The completion comes after its schedule.
    const reboot = r.items.filter((e) => e.type === 'ROUTER.REBOOT' && e.resourceid === r.items.find((x) => x.type === 'ROUTER.REBOOT')!.resourceid);
    expect(reboot.map((e) => e.state)).toEqual(['Completed', 'Scheduled']);
  });

  it('a user sees only its own account’s events; a domain admin its subtree; the root admin all', async () => {
    const mine = expectList<Event>(await alice.call('listEvents', { listall: true }), 'event');
    expect(mine.count).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.account === 'alice')).toBe(true);
    expect(mine.items.map((e) => e.type)).toEqual(expect.arrayContaining(['NETWORK.RESTART', 'ROUTER.DESTROY']));
    const bobs = expectList<Event>(await bob.call('listEvents', { listall: true }), 'event');
    expect(bobs.items.every((e) => e.account === 'bob')).toBe(true);
    const sub = expectList<Event>(await eng.call('listEvents', { listall: true }), 'event');
    expect(sub.count).toBeGreaterThan(mine.count);
    expect(sub.items.every((e) => e.domain === 'Engineering' || e.domain === 'QA')).toBe(true);
    const all = expectList<Event>(await admin.call('listEvents', { listall: true }), 'event');
    expect(new Set(all.items.map((e) => e.domain))).toEqual(new Set(['ROOT', 'Sales', 'Support', 'Engineering', ...(all.items.some((e) => e.domain === 'QA') ? ['QA'] : [])]));
    expect(expectList<Event>(await admin.call('listEvents'), 'event').items.every((e) => e.account === 'admin')).toBe(true);
    const domains = expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items;
    expectError(await eng.call('listEvents', { domainid: domains.find((d) => d.path === 'ROOT/Sales')!.id }), 531);
    expectError(await alice.call('listEvents', { account: 'bob', domainid: domains.find((d) => d.path === 'ROOT/Sales')!.id }), 531);
  });

  it('filters by type, level, state, resourceid, resourcetype, id, keyword and dates', async () => {
    const all = expectList<Event>(await admin.call('listEvents', { listall: true, pagesize: -1 }), 'event').items;
    const check = async (params: Record<string, string>, pred: (e: Event) => boolean) => {
      const got = expectList<Event>(await admin.call('listEvents', { listall: true, pagesize: -1, ...params }), 'event').items.map((e) => e.id);
      const want = all.filter(pred).map((e) => e.id);
      expect(want.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(got).toEqual(want);
    };
    await check({ type: 'ROUTER.REBOOT' }, (e) => e.type === 'ROUTER.REBOOT');
    await check({ level: 'INFO' }, (e) => e.level === 'INFO');
    await check({ state: 'Scheduled' }, (e) => e.state === 'Scheduled');
    const rid = all.find((e) => e.type === 'ROUTER.REBOOT')!.resourceid!;
    await check({ resourceid: rid }, (e) => e.resourceid === rid);
    await check({ resourcetype: 'Network' }, (e) => e.resourcetype === 'Network');
    await check({ id: all[0]!.id }, (e) => e.id === all[0]!.id);
    await check({ keyword: 'reboot' }, (e) => /reboot/i.test(e.description) || /reboot/i.test(e.type));
    const today = all[0]!.created.slice(0, 10);
    await check({ startdate: today, enddate: today }, (e) => e.created.startsWith(today));
    expect((await admin.call('listEvents', { listall: true, startdate: '2999-01-01' })).body).toEqual({ listeventsresponse: {} });
    expect((await admin.call('listEvents', { listall: true, enddate: '2000-01-01' })).body).toEqual({ listeventsresponse: {} });
    expect((await admin.call('listEvents', { listall: true, level: 'ERROR' })).body).toEqual({ listeventsresponse: {} });
  });

  it('bad input answers 431 naming the parameter', async () => {
    expectError(await admin.call('listEvents', { level: 'DEBUG' }), 431, /level/);
    expectError(await admin.call('listEvents', { startdate: 'yesterday' }), 431, /startdate/);
    expectError(await admin.call('listEvents', { enddate: '15/01/2026' }), 431, /enddate/);
    expectError(await admin.call('listEvents', { resourceid: 'r-1-VM' }), 431, /resourceid/);
    expectError(await admin.call('listEvents', { id: 'e' }), 431, /\bid\b/);
    expectError(await admin.call('listEvents', { duration: -5 }), 431, /duration/);
    expectError(await admin.call('listEvents', { listall: true, id: NO_SUCH_ID }), 431, /entity does not exist/);
  });

  it('pages', async () => {
    await checkPaging(admin, 'listEvents', 'event', { listall: true }, 4);
  });
});
