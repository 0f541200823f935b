import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import type { Draft, DryRun, PlanError } from '../../src/api/plans';
import { plansClient } from './testing';

interface RouterLite {
  id: string; name: string; state: string; requiresupgrade: boolean; podid: string; zoneid: string; jobid?: string;
  isredundantrouter: boolean; redundantstate: string; guestnetworkid?: string; vpcid?: string;
}

let t: TestServer;
let admin: Session;
let api: ReturnType<typeof plansClient>;
let routers: RouterLite[];

/** Routers that need an upgrade and are Running, not redundant. */
const singles = () => routers.filter((r) => r.requiresupgrade && r.state === 'Running' && !r.isredundantrouter && !r.jobid);

beforeAll(async () => {
  t = await startTestServer({ routers: 80, speed: 50 });
  admin = await t.login();
  api = plansClient(t.url, admin);
  routers = (await admin.call('listRouters', { listall: true, pagesize: -1 })).data.router as RouterLite[];
}, 60_000);
afterAll(async () => t?.close());

const errorOf = (r: { body: unknown }) => (r.body as { error: PlanError }).error;

describe('plan API: who may call it', () => {
  it('refuses a request without a session, with a wrong session key, and from a user who is not a root admin', async () => {
    const none = await plansClient(t.url, undefined)('GET');
    expect(none.status).toBe(401);
    expect(errorOf(none).field).toBe('JSESSIONID');
    const wrong = await plansClient(t.url, { cookie: admin.cookie, sessionkey: 'not-the-key' })('GET');
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong).field).toBe('sessionkey');
    const alice = await t.login('alice', 'password', '/Engineering').catch(() => t.login('alice'));
    const r = await plansClient(t.url, alice)('GET');
    expect(r.status).toBe(403);
    const eng = await t.login('eng-admin', 'password', '/Engineering').catch(() => undefined);
    if (eng) expect((await plansClient(t.url, eng)('GET')).status).toBe(403);
  });

  it('answers a logged-out session with 401', async () => {
    const s = await t.login();
    expect((await plansClient(t.url, s)('GET')).status).toBe(200);
    await s.call('logout');
    expect((await plansClient(t.url, s)('GET')).status).toBe(401);
  });
});

describe('plan API: bad input names the field', () => {
  const base = () => ({ name: 'bad', waves: [{ name: 'w', routerids: [singles()[0]!.id] }] });
  const cases: [string, () => unknown, number, string][] = [
    ['an empty wave', () => ({ ...base(), waves: [{ name: 'w', routerids: [] }] }), 400, 'waves.0.routerids'],
    ['no wave', () => ({ ...base(), waves: [] }), 400, 'waves'],
    ['a router in two waves', () => ({ ...base(), waves: [{ name: 'a', routerids: [singles()[0]!.id] }, { name: 'b', routerids: [singles()[1]!.id, singles()[0]!.id] }] }), 400, 'waves.1.routerids.1'],
    ['overlapping windows', () => ({ ...base(), windows: [{ days: ['mon'], start: '22:00', minutes: 120, timezone: 'UTC' }, { days: ['mon'], start: '23:00', minutes: 60, timezone: 'UTC' }] }), 400, 'windows.1'],
    ['an unknown time zone', () => ({ ...base(), windows: [{ days: ['mon'], start: '22:00', minutes: 60, timezone: 'Nowhere/Town' }] }), 400, 'windows.0.timezone'],
    ['a parallelism of 0', () => ({ ...base(), parallel: 0 }), 400, 'parallel'],
    ['an unknown router', () => ({ ...base(), waves: [{ name: 'w', routerids: ['00000000-0000-0000-0000-000000000000'] }] }), 400, 'waves.0.routerids.0'],
  ];
  for (const [what, body, status, field] of cases) {
    it(`answers ${what} with ${status} and ${field}`, async () => {
      const r = await api('POST', '', body());
      expect(r.status).toBe(status);
      expect(errorOf(r).field).toBe(field);
      expect(errorOf(r).message.length).toBeGreaterThan(5);
    });
  }

  it('answers a body that is not JSON, and an unknown plan', async () => {
    const res = await fetch(`${t.url}client/console/plans`, { method: 'POST', headers: { Cookie: admin.cookie, sessionkey: admin.sessionkey }, body: '{nope' });
    expect(res.status).toBe(400);
    const missing = await api('GET', '/no-such-plan');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).field).toBe('id');
  });

  it('asks before it generates API keys for the runner', async () => {
    const r = await api('POST', '', base());
    expect(r.status).toBe(409);
    expect(errorOf(r).field).toBe('registerkeys');
  });
});

describe('plan API: drafts and dry runs', () => {
  it('drafts a zone by pod with a canary, and the dry run names conflicts', async () => {
    const zoneid = singles()[0]!.zoneid;
    const r = await api<Draft>('POST', '/draft', { name: 'by pod', strategy: 'pod', zoneid, canary: { routers: 2 }, parallel: 3 });
    expect(r.status).toBe(200);
    const { plan, dryrun } = r.body;
    expect(plan.waves[0]).toMatchObject({ name: 'Canary', canary: true });
    expect(plan.waves[0]!.routerids).toHaveLength(2);
    const pods = new Set(routers.filter((x) => x.zoneid === zoneid && x.requiresupgrade && x.state === 'Running').map((x) => x.podid));
    expect(plan.waves.length).toBeLessThanOrEqual(pods.size + 1);
    expect(dryrun.waves.map((w) => w.name)).toEqual(plan.waves.map((w) => w.name));
    expect(dryrun.estimateseconds).toBeGreaterThan(0);
    const stopped = routers.filter((x) => x.zoneid === zoneid && x.requiresupgrade && x.state === 'Stopped');
    expect(dryrun.conflicts.filter((c) => c.kind === 'stopped-outdated').map((c) => c.routerid).sort()).toEqual(stopped.map((x) => x.id).sort());
  });

  it('a dry run saves nothing and names a router that does not need an upgrade', async () => {
    const fresh = routers.find((r) => !r.requiresupgrade)!;
    const r = await api<DryRun>('POST', '?dryrun=true', { name: 'dry', waves: [{ name: 'w', routerids: [fresh.id, singles()[0]!.id] }] });
    expect(r.status).toBe(200);
    expect(r.body.conflicts).toContainEqual(expect.objectContaining({ kind: 'not-outdated', routerid: fresh.id }));
    expect(((await api<{ plans: unknown[] }>('GET')).body.plans)).toHaveLength(0);
  });

  it('answers a draft of an empty scope with the field', async () => {
    const r = await api('POST', '/draft', { name: 'x', strategy: 'pod', zoneid: 'no-such-zone' });
    expect(r.status).toBe(400);
    expect(errorOf(r).field).toBe('zoneid');
  });
});
