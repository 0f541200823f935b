import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { consolesOf, type ConsoleService } from './service';
import { CLOSE, MAX_UNUSED_TOKENS_PER_ACCOUNT } from './tokens';
import { TestViewer } from './testing/viewer';

interface Endpoint { success: boolean; websocket?: { host: string; port: string; path: string; token: string } }

/** Issue 14, console capacity: unused tokens bounded per account; consoleproxy.session.max enforced. */
describe('console capacity per account (issue 14)', () => {
  let t: TestServer;
  let consoles: ConsoleService;
  let admin: Session;
  let alice: Session;
  let aliceVm: string;
  let otherVm: string;
  let zoneid: string;
  beforeAll(async () => {
    t = await startTestServer();
    consoles = consolesOf(t.server.running.sim);
    await consoles.ready();
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const db = t.server.running.sim.db;
    const vm = ((await alice.call('listVirtualMachines')).data.virtualmachine as { id: string; zoneid: string }[])[0]!;
    db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vm.id);
    aliceVm = vm.id;
    zoneid = vm.zoneid;
    otherVm = (db.prepare("SELECT id FROM vms WHERE zoneid = ? AND id <> ? LIMIT 1").get(zoneid, vm.id) as { id: string }).id;
    db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(otherVm);
  });
  afterAll(() => t.close());

  const endpoint = async (s: Session, id: string) => {
    const r = await s.call('createConsoleEndpoint', { virtualmachineid: id });
    return { status: r.status, ep: r.data.consoleendpoint as Endpoint, text: String(r.data.errortext ?? '') };
  };
  const url = (ep: Endpoint) => `ws://${ep.websocket!.host}:${ep.websocket!.port}${ep.websocket!.path}?token=${encodeURIComponent(ep.websocket!.token)}`;
  const setMax = async (value: number) =>
    expect((await admin.call('updateConfiguration', { name: 'consoleproxy.session.max', value: String(value), zoneid })).status).toBe(200);

  it("one account's unused tokens do not make the zone's proxies refuse another tenant", async () => {
    await setMax(10);
    const first = await endpoint(alice, aliceVm);
    for (let i = 0; i < 59; i++) expect((await endpoint(alice, aliceVm)).status).toBe(200);
    const other = await endpoint(admin, otherVm);
    expect(other.status, other.text).toBe(200);
    expect(other.ep.success).toBe(true);
    // Alice's oldest tokens were revoked to stay within the bound.
    expect(MAX_UNUSED_TOKENS_PER_ACCOUNT).toBeLessThan(10);
    const v = await TestViewer.open(url(first.ep));
    expect((await v.closed).code).toBe(CLOSE.replayed);
  });

  it('answers a clear 533 naming consoleproxy.session.max when every proxy of the zone is full', async () => {
    await new Promise((r) => setTimeout(r, 0));
    await setMax(1);
    // The zone's proxies now carry alice's unused tokens: all at the limit of one.
    const r = await endpoint(admin, otherVm);
    expect(r.status).toBe(533);
    expect(r.text).toMatch(/limit of 1 sessions \(consoleproxy\.session\.max\)/);
  });

  it('enforces consoleproxy.session.max at the proxy: a token issued before the limit was lowered is refused past it', async () => {
    await setMax(1000);
    const a = await endpoint(admin, otherVm);
    const b = await endpoint(admin, otherVm);
    expect(a.ep.websocket!.port).toBe(b.ep.websocket!.port);
    const proxyid = t.server.running.sim.db.prepare('SELECT proxyid FROM vm_consoles WHERE vmid = ?').pluck().get(otherVm) as string;
    await setMax(consoles.activeSessions(proxyid) + 1);
    const va = await TestViewer.open(url(a.ep));
    await va.handshake();
    const vb = await TestViewer.open(url(b.ep));
    const closed = await vb.closed;
    expect(closed.code).toBe(CLOSE.unavailable);
    expect(closed.reason).toMatch(/consoleproxy\.session\.max/);
    va.close();
  });
});
