import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { consolesOf } from './service';
import { TestViewer } from './testing/viewer';
import { XVNC, startXvnc, type RunningXvnc } from './testing/xvnc';

// Skipped, and counted as skipped, only where Debian's tigervnc-standalone-server is not installed (.ci/run installs
// it): without Xvnc there is no real VNC server to put behind the proxy.
describe.skipIf(!existsSync(XVNC))('console proxy to a real VNC server (TigerVNC Xvnc)', () => {
  let t: TestServer;
  let xvnc: RunningXvnc;
  beforeAll(async () => {
    xvnc = await startXvnc();
    t = await startTestServer();
    await consolesOf(t.server.running.sim).ready();
  });
  afterAll(async () => {
    await t?.close();
    await xvnc?.stop();
  });

  it("authenticates with the VM's password and shows Xvnc's screen", async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const vms = (await alice.call('listVirtualMachines', { state: 'Running' })).data.virtualmachine as { id: string }[];
    const vmid = vms[0]!.id;
    consolesOf(t.server.running.sim).guests.pointAt(vmid, { host: '127.0.0.1', port: xvnc.port, password: xvnc.password });
    const ep = (await alice.call('createConsoleEndpoint', { virtualmachineid: vmid })).data.consoleendpoint as {
      websocket: { host: string; port: string; path: string; token: string };
    };
    const v = await TestViewer.open(`ws://${ep.websocket.host}:${ep.websocket.port}/${ep.websocket.path}?token=${ep.websocket.token}`);
    await v.handshake();
    expect([v.width, v.height]).toEqual([xvnc.width, xvnc.height]);
    await v.update(false);
    expect(v.colours()).toBeGreaterThan(1);
    v.close();
    await v.closed;
  });

  it('ends the session with the reason when the password is wrong', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const vms = (await alice.call('listVirtualMachines', { state: 'Running' })).data.virtualmachine as { id: string }[];
    const vmid = vms[1]!.id;
    consolesOf(t.server.running.sim).guests.pointAt(vmid, { host: '127.0.0.1', port: xvnc.port, password: 'not-it' });
    const ep = (await alice.call('createConsoleEndpoint', { virtualmachineid: vmid })).data.consoleendpoint as {
      websocket: { host: string; port: string; path: string; token: string };
    };
    const v = await TestViewer.open(`ws://${ep.websocket.host}:${ep.websocket.port}/${ep.websocket.path}?token=${ep.websocket.token}`);
    await expect(v.handshake()).rejects.toThrow(/refused/);
    expect((await v.closed).reason).toMatch(/VNC server refused/);
  });
});
