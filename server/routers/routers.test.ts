import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';

interface RouterItem {
  id: string;
  name: string;
  state: string;
  version: string;
  requiresupgrade: boolean;
  zoneid: string;
  podid: string;
  hostid?: string;
  account: string;
  domainid: string;
  guestnetworkid?: string;
  vpcid?: string;
  isredundantrouter?: boolean;
}

const CURRENT = '4.20.0';

async function routers(s: Session, params: Record<string, string | boolean> = {}): Promise<RouterItem[]> {
  const r = await s.call('listRouters', { listall: true, pagesize: 500, ...params });
  expect(r.status).toBe(200);
  return (r.data.router as RouterItem[] | undefined) ?? [];
}

describe('destroyRouter and restartNetwork', () => {
  let t: TestServer;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer({ routers: 60 });
    admin = await t.login();
  });
  afterAll(() => t.close());
  const used = new Set<string>();

  async function singleRouterNetwork(): Promise<RouterItem> {
    const all = await routers(admin);
    const perNet = new Map<string, number>();
    for (const r of all) if (r.guestnetworkid) perNet.set(r.guestnetworkid, (perNet.get(r.guestnetworkid) ?? 0) + 1);
    const r = all.find((x) => x.guestnetworkid && perNet.get(x.guestnetworkid) === 1 && !x.requiresupgrade && x.state === 'Running' && x.account !== 'admin' && !used.has(x.guestnetworkid))!;
    used.add(r.guestnetworkid!);
    return r;
  }

  it('restartNetwork without cleanup keeps the routers, with cleanup recreates them on the current version', async () => {
    const r = await singleRouterNetwork();
    const net = r.guestnetworkid!;
    const plain = await admin.call('restartNetwork', { id: net, cleanup: false });
    expect(plain.status).toBe(200);
    expect((await t.waitForJob(admin, String(plain.data.jobid))).jobstatus).toBe(1);
    const kept = await routers(admin, { networkid: net });
    expect(kept.map((x) => x.id)).toEqual([r.id]);
    expect(kept[0]!.state).toBe('Running');

    const clean = await admin.call('restartNetwork', { id: net, cleanup: true });
    expect(clean.status).toBe(200);
    const job = await t.waitForJob(admin, String(clean.data.jobid));
    expect(job.jobstatus).toBe(1);
    const recreated = await routers(admin, { networkid: net });
    expect(recreated).toHaveLength(1);
    expect(recreated[0]!.id).not.toBe(r.id);
    expect(recreated[0]!.state).toBe('Running');
    expect(recreated[0]!.version).toBe(CURRENT);
  });

  it('destroyRouter removes the router with an event; only cleanup=true brings a single router back', async () => {
    const r = await singleRouterNetwork();
    const net = r.guestnetworkid!;
    const d = await admin.call('destroyRouter', { id: r.id });
    expect(d.status).toBe(200);
    const job = await t.waitForJob(admin, String(d.data.jobid));
    expect(job.jobstatus).toBe(1);
    expect((job.jobresult as { router: RouterItem }).router.id).toBe(r.id);
    expect(await routers(admin, { id: r.id })).toHaveLength(0);
    const events = (await admin.call('listEvents', { listall: true, resourceid: r.id })).data.event as { type: string }[];
    expect(events.some((e) => e.type === 'ROUTER.DESTROY')).toBe(true);

    // RestartNetworkCmd with cleanup=false does not recreate it (NetworkOrchestrator.restartNetwork)...
    const plain = await admin.call('restartNetwork', { id: net, cleanup: false });
    expect((await t.waitForJob(admin, String(plain.data.jobid))).jobstatus).toBe(1);
    expect(await routers(admin, { networkid: net })).toHaveLength(0);
    // ...cleanup=true does.
    const clean = await admin.call('restartNetwork', { id: net, cleanup: true });
    expect((await t.waitForJob(admin, String(clean.data.jobid))).jobstatus).toBe(1);
    const back = await routers(admin, { networkid: net });
    expect(back).toHaveLength(1);
    expect(back[0]!.state).toBe('Running');
  });

  it('destroyRouter of an unknown id answers 431', async () => {
    const r = await admin.call('destroyRouter', { id: '11111111-2222-3333-4444-555555555555' });
    expect(r.status).toBe(431);
  });

  it('a user may not destroy a router', async () => {
    const r = (await routers(admin))[0]!;
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const res = await alice.call('destroyRouter', { id: r.id });
    expect(res.status).toBe(432);
  });
});
