import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { consolesOf, type ConsoleService } from './service';
import { TestViewer } from './testing/viewer';
import { CLOSE, TOKEN_TTL_MS } from './tokens';
import { MAX_FRAME_BYTES } from './proxyserver';
import { openSecret } from '../db/secrets';

interface Endpoint {
  success: boolean;
  details?: string;
  url?: string;
  websocket?: { token: string; host: string; port: string; path: string; extra?: string };
}

describe('console proxy', () => {
  let t: TestServer;
  let consoles: ConsoleService;
  let admin: Session;
  let alice: Session;
  let bob: Session;
  let engAdmin: Session;
  let aliceVm: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestServer();
    consoles = consolesOf(t.server.running.sim);
    await consoles.ready();
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    bob = await t.login('bob', 'password', '/ROOT/Sales/');
    engAdmin = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const vms = await alice.call('listVirtualMachines');
    const vm = (vms.data.virtualmachine as { id: string; name: string }[])[0]!;
    // Whatever the demo cloud's random choices (--seed) were, this VM runs for these tests.
    t.server.running.sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vm.id);
    aliceVm = vm;
  });
  afterAll(() => t.close());

  async function endpoint(s: Session, id: string, extra: Record<string, string> = {}): Promise<{ status: number; ep: Endpoint; text?: string }> {
    const r = await s.call('createConsoleEndpoint', { virtualmachineid: id, ...extra });
    return { status: r.status, ep: r.data.consoleendpoint as Endpoint, text: r.data.errortext as string | undefined };
  }

  const wsUrl = (ep: Endpoint, token = ep.websocket!.token) =>
    `ws://${ep.websocket!.host}:${ep.websocket!.port}/${ep.websocket!.path}?token=${encodeURIComponent(token)}`;

  async function screen(vmid: string): Promise<string> {
    const s = await consoles.guests.running(vmid);
    return s!.screen.text();
  }

  it('answers the endpoint with the WebSocket of a running proxy and a fresh token', async () => {
    const { status, ep } = await endpoint(alice, aliceVm.id);
    expect(status).toBe(200);
    expect(ep.success).toBe(true);
    // ConsoleAccessManagerImpl's shape: the proxy's noVNC page (http: no certificate yet), path "websockify".
    expect(ep.websocket).toMatchObject({ host: '127.0.0.1', path: 'websockify' });
    expect(typeof ep.websocket!.port).toBe('string');
    expect(Number(ep.websocket!.port)).toBeGreaterThan(0);
    const params = new URLSearchParams({ autoconnect: 'true', show_dot: 'true', port: ep.websocket!.port, token: ep.websocket!.token });
    expect(ep.url).toBe(`http://127.0.0.1:${ep.websocket!.port}/resource/noVNC/vnc.html?${params}`);
    // The proxy serves that page and noVNC's modules beside it.
    const page = await fetch(ep.url!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('app.js');
    const app = await fetch(new URL('app.js', ep.url!));
    expect(await app.text()).toContain("/websockify?");
    const rfb = await fetch(new URL('core/rfb.js', ep.url!));
    expect(rfb.status).toBe(200);
    expect((await fetch(new URL('../../../package.json', new URL('core/x/', ep.url!)))).status).toBe(404);
    expect((await fetch(new URL('core/%2e%2e/package.json', ep.url!))).status).toBe(404);
    const again = await endpoint(alice, aliceVm.id);
    expect(again.ep.websocket!.token).not.toBe(ep.websocket!.token);
    // Nothing the API answers carries the VM's VNC password.
    const vms = await alice.call('listVirtualMachines', { id: aliceVm.id });
    const sealed = t.server.running.sim.db.prepare('SELECT vncpassword FROM vm_consoles WHERE vmid = ?').get(aliceVm.id) as { vncpassword: string };
    const vncpassword = openSecret(t.server.running.sim.db, sealed.vncpassword);
    expect(JSON.stringify(vms.body)).not.toContain(vncpassword);
    expect(JSON.stringify(ep)).not.toContain(vncpassword);
  });

  it('lets users open only their own VMs, admins their domain, the root admin routers and system VMs', async () => {
    const foreign = await endpoint(bob, aliceVm.id);
    expect(foreign.status).toBe(531);
    expect(foreign.text).toMatch(/does not have permission/);
    expect((await endpoint(engAdmin, aliceVm.id)).ep.success).toBe(true);
    expect((await endpoint(admin, aliceVm.id)).ep.success).toBe(true);

    const routers = await admin.call('listRouters', { listall: true, state: 'Running', pagesize: 1 });
    const router = (routers.data.router as { id: string }[])[0]!;
    expect((await endpoint(admin, router.id)).ep.success).toBe(true);
    expect((await endpoint(alice, router.id)).status).toBe(531);

    const svms = await admin.call('listSystemVms', { systemvmtype: 'secondarystoragevm' });
    const ssvm = (svms.data.systemvm as { id: string }[])[0]!;
    expect((await endpoint(admin, ssvm.id)).ep.success).toBe(true);
    expect((await endpoint(engAdmin, ssvm.id)).status).toBe(531);

    const missing = await endpoint(admin, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(431);
    const bad = await alice.call('createConsoleEndpoint', { virtualmachineid: 'not-a-uuid' });
    expect(bad.status).toBe(431);
    expect(bad.data.errortext).toMatch(/virtualmachineid/);
  });

  it('relays a console: the viewer sees the VM, types, and the screen echoes it', async () => {
    const { ep } = await endpoint(alice, aliceVm.id);
    const v = await TestViewer.open(wsUrl(ep));
    await v.handshake();
    expect(v.name).toBe(aliceVm.name);
    expect([v.width, v.height]).toEqual([640, 400]);
    await v.update(false);
    expect(v.colours()).toBeGreaterThan(2);
    const before = Buffer.from(v.pixels);
    expect(await screen(aliceVm.id)).toContain(`${aliceVm.name} login:`);

    v.type('root');
    await v.update(true);
    expect(await screen(aliceVm.id)).toContain(`${aliceVm.name} login: root`);
    expect(Buffer.from(v.pixels).equals(before)).toBe(false);
    v.close();
    await v.closed;
  });

  it('refuses a replayed, expired, forged or foreign token, closing with the reason', async () => {
    const { ep } = await endpoint(alice, aliceVm.id);
    const first = await TestViewer.open(wsUrl(ep));
    await first.handshake();
    const replay = await TestViewer.open(wsUrl(ep));
    expect(await replay.closed).toEqual({ code: CLOSE.replayed, reason: expect.stringMatching(/already used/) });
    first.close();
    await first.closed;

    const forged = await TestViewer.open(wsUrl(ep, 'A'.repeat(43)));
    expect((await forged.closed).code).toBe(CLOSE.forged);
    const none = await TestViewer.open(wsUrl(ep, ''));
    expect((await none.closed).reason).toMatch(/No valid console token/);

    const late = await endpoint(alice, aliceVm.id);
    const realNow = consoles.tokens.now;
    consoles.tokens.now = () => realNow() + TOKEN_TTL_MS + 1000;
    try {
      const expired = await TestViewer.open(wsUrl(late.ep));
      expect(await expired.closed).toEqual({ code: CLOSE.expired, reason: expect.stringMatching(/expired/) });
    } finally {
      consoles.tokens.now = realNow;
    }

    // Alice's token, presented with bob's browser session.
    const stolen = await endpoint(alice, aliceVm.id);
    const withBob = await TestViewer.open(wsUrl(stolen.ep), { Cookie: bob.cookie });
    expect(await withBob.closed).toEqual({ code: CLOSE.foreign, reason: expect.stringMatching(/another user/) });

    // An extra token given to createConsoleEndpoint must come back with the WebSocket.
    const extra = await endpoint(alice, aliceVm.id, { token: 'my-extra' });
    expect(extra.ep.websocket!.extra).toBe('my-extra');
    const withoutExtra = await TestViewer.open(wsUrl(extra.ep));
    expect((await withoutExtra.closed).code).toBe(CLOSE.foreign);
    const extra2 = await endpoint(alice, aliceVm.id, { token: 'my-extra' });
    const withExtra = await TestViewer.open(`${wsUrl(extra2.ep)}&extra=my-extra`);
    await withExtra.handshake();
    withExtra.close();
    await withExtra.closed;
  });

  it('ends only the offending session on garbage, text frames, oversize frames and abrupt closes', async () => {
    const good = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    await good.handshake();

    const garbage = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    await garbage.read(12);
    garbage.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect(await garbage.closed).toEqual({ code: CLOSE.protocol, reason: expect.stringMatching(/RFB version/) });

    const text = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    text.ws.send('hello');
    expect((await text.closed).code).toBe(1003);

    const big = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    await big.handshake();
    big.send(Buffer.alloc(MAX_FRAME_BYTES + 1));
    expect((await big.closed).code).toBe(1009);

    // Garbage after the handshake reaches the VM's VNC server, which hangs up: the session ends with a reason.
    const junk = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    await junk.handshake();
    junk.send(Buffer.from([0xee, 1, 2, 3]));
    expect((await junk.closed).reason).toMatch(/closed the connection/);

    const abrupt = await TestViewer.open(wsUrl((await endpoint(alice, aliceVm.id)).ep));
    await abrupt.handshake();
    abrupt.ws.terminate();
    await abrupt.closed;

    // The well-behaved viewer is still served.
    good.type('x');
    await good.update(true);
    expect(good.isOpen).toBe(true);
    good.close();
    await good.closed;
  });

  it('keeps a VM on the proxy of its previous session, reports sessions, and enforces the session limit', { timeout: 30_000 }, async () => {
    const sim = t.server.running.sim;
    const { ep } = await endpoint(alice, aliceVm.id);
    const v = await TestViewer.open(wsUrl(ep));
    await v.handshake();
    const proxyid = sim.db.prepare('SELECT proxyid FROM vm_consoles WHERE vmid = ?').pluck().get(aliceVm.id) as string;
    expect(consoles.activeSessions(proxyid)).toBe(1);
    const listed = await admin.call('listSystemVms', { id: proxyid });
    expect((listed.data.systemvm as { activeviewersessions: number }[])[0]!.activeviewersessions).toBe(1);
    // The proxy's report (ConsoleProxyGCThread, every 5 s) writes the count into the system VM's row; run one now.
    consoles.report();
    const stored = () => sim.db.prepare("SELECT json_extract(data, '$.activeviewersessions') FROM systemvms WHERE id = ?").pluck().get(proxyid);
    await expect.poll(stored, { timeout: 10_000 }).toBe(1);

    // With a limit of 1 the proxy is full: consoleproxy.session.max holds for the VM's next console too
    // (issue 14: 320 sessions ran on a proxy of 50), and a new VM finds none either.
    const zoneid = sim.db.prepare('SELECT zoneid FROM vms WHERE id = ?').pluck().get(aliceVm.id) as string;
    await admin.call('updateConfiguration', { name: 'consoleproxy.session.max', value: '1', zoneid });
    try {
      const again = await endpoint(alice, aliceVm.id);
      expect(again.status).toBe(533);
      expect(again.text).toMatch(/limit of 1 sessions \(consoleproxy\.session\.max\)/);
      const other = sim.db.prepare("SELECT id FROM vms WHERE zoneid = ? AND id <> ? AND id NOT IN (SELECT vmid FROM vm_consoles)").pluck().get(zoneid, aliceVm.id) as string;
      sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(other);
      const full = await endpoint(admin, other);
      expect(full.status).toBe(533);
      expect(full.text).toMatch(/consoleproxy.session.max/);
    } finally {
      await admin.call('updateConfiguration', { name: 'consoleproxy.session.max', value: '50', zoneid });
    }
    v.close();
    await v.closed;
    await expect.poll(() => consoles.activeSessions(proxyid), { timeout: 10_000 }).toBe(0);
    consoles.report();
    expect(stored()).toBe(0);
  });

  it('ends the sessions of a proxy that stops, and serves again once it starts', async () => {
    const { ep } = await endpoint(alice, aliceVm.id);
    const v = await TestViewer.open(wsUrl(ep));
    await v.handshake();
    const proxyid = t.server.running.sim.db.prepare('SELECT proxyid FROM vm_consoles WHERE vmid = ?').pluck().get(aliceVm.id) as string;
    // As stopSystemVm does: the VM is Stopped in the database (else the periodic sync would start its
    // listener again), then its listener stops.
    const sim = t.server.running.sim;
    sim.db.prepare("UPDATE systemvms SET state = 'Stopped' WHERE id = ?").run(proxyid);
    await consoles.stopProxy(proxyid, 'The console proxy was stopped by the test');
    expect(await v.closed).toEqual({ code: 1001, reason: 'The console proxy was stopped by the test' });
    expect(consoles.port(proxyid)).toBeUndefined();
    sim.db.prepare("UPDATE systemvms SET state = 'Running' WHERE id = ?").run(proxyid);
    await consoles.startProxy(proxyid);
    const again = await endpoint(alice, aliceVm.id);
    const v2 = await TestViewer.open(wsUrl(again.ep));
    await v2.handshake();
    v2.close();
    await v2.closed;
  });

  it('authenticates to an external VNC server with its password, and refuses a VM that is not running', async () => {
    const sim = t.server.running.sim;
    const vms = await bob.call('listVirtualMachines');
    const bobVm = (vms.data.virtualmachine as { id: string; name: string }[])[0]!;
    sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(bobVm.id);
    // Another VM's built-in server stands in for an external one; first with a wrong password.
    const other = await consoles.guests.target(aliceVm.id, aliceVm.name);
    consoles.guests.pointAt(bobVm.id, { ...other, password: 'wrong' });
    const wrong = await TestViewer.open(wsUrl((await endpoint(bob, bobVm.id)).ep));
    const failed = await wrong.handshake().then(() => 'ok', (e: Error) => e.message);
    expect(failed).toMatch(/Authentication failed/);
    expect((await wrong.closed).code).toBe(CLOSE.vmRefused);

    consoles.guests.pointAt(bobVm.id, other);
    const right = await TestViewer.open(wsUrl((await endpoint(bob, bobVm.id)).ep));
    await right.handshake();
    expect(right.name).toBe(aliceVm.name);
    right.close();
    await right.closed;
    consoles.guests.pointAt(bobVm.id, null);

    sim.db.prepare("UPDATE vms SET state = 'Stopped' WHERE id = ?").run(bobVm.id);
    const stopped = await endpoint(bob, bobVm.id);
    expect(stopped.ep.success).toBe(false);
    expect(stopped.ep.details).toMatch(/Stopped/);
  });
});
