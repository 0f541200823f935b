import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { consolesOf, type ConsoleService } from './service';
import { TestViewer } from './testing/viewer';

const SESSIONS = 200;

describe('console proxy under load', () => {
  let t: TestServer;
  let consoles: ConsoleService;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestServer();
    consoles = consolesOf(t.server.running.sim);
    await consoles.ready();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it(`carries ${SESSIONS} concurrent sessions through one proxy and drops none`, { timeout: 120_000 }, async () => {
    const zoneid = ((await admin.call('listZones')).data.zone as { id: string }[])[0]!.id;
    await admin.call('updateConfiguration', { name: 'consoleproxy.session.max', value: String(SESSIONS + 10), zoneid });
    // One account opens 50 consoles at once here: its bound on unused tokens is raised to match.
    consoles.maxUnusedTokensPerAccount = 50;
    const vms = (await admin.call('listVirtualMachines', { listall: true, zoneid, state: 'Running' })).data.virtualmachine as { id: string }[];
    const routers = (await admin.call('listRouters', { listall: true, zoneid, state: 'Running' })).data.router as { id: string }[];
    const machines = [...vms, ...routers].map((m) => m.id);
    expect(machines.length).toBeGreaterThan(5);

    const viewers: TestViewer[] = [];
    const ports = new Set<string>();
    for (let i = 0; i < SESSIONS; i += 50) {
      viewers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, SESSIONS - i) }, async (_, k) => {
            const id = machines[(i + k) % machines.length]!;
            const ep = (await admin.call('createConsoleEndpoint', { virtualmachineid: id })).data.consoleendpoint as {
              websocket: { host: string; port: string; path: string; token: string };
            };
            ports.add(ep.websocket.port);
            const v = await TestViewer.open(`ws://${ep.websocket.host}:${ep.websocket.port}/${ep.websocket.path}?token=${ep.websocket.token}`);
            await v.handshake();
            await v.update(false);
            return v;
          }),
        )),
      );
    }
    expect(ports.size).toBe(1);
    const proxyid = t.server.running.sim.db.prepare('SELECT proxyid FROM vm_consoles WHERE vmid = ?').pluck().get(machines[0]) as string;
    expect(consoles.activeSessions(proxyid)).toBe(SESSIONS);

    // Every session still works: each types a key and gets a changed screen back.
    await Promise.all(
      viewers.map(async (v) => {
        const req = Buffer.alloc(10);
        req.writeUInt8(3, 0);
        req.writeUInt8(1, 1);
        req.writeUInt16BE(v.width, 6);
        req.writeUInt16BE(v.height, 8);
        v.send(req);
        v.type('k');
        expect(await v.readUpdate()).toBeGreaterThan(0);
      }),
    );
    expect(viewers.every((v) => v.isOpen)).toBe(true);
    expect(consoles.activeSessions(proxyid)).toBe(SESSIONS);

    for (const v of viewers) v.close();
    await Promise.all(viewers.map((v) => v.closed));
    await expect.poll(() => consoles.activeSessions(proxyid)).toBe(0);
  });
});
