import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { readZipWithPython } from '../testing/zipfile';

interface Vm { id: string; name: string; state: string; systemvmtype: string; privateip?: string; publicip?: string; linklocalip?: string }

describe('runDiagnostics and getDiagnosticsData', () => {
  let t: TestServer;
  let admin: Session;
  let ssvm: Vm;
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
    admin = await t.login();
    ssvm = expectList<Vm>(await admin.call('listSystemVms', { systemvmtype: 'secondarystoragevm' }), 'systemvm').items[0]!;
  });
  afterAll(() => t.close());

  const run = async (params: Record<string, string>) => {
    const r = await admin.call('runDiagnostics', params);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const res = await t.waitForJob(admin, String(r.data.jobid));
    expect(res.jobstatus).toBe(1);
    return (res.jobresult as { diagnostics: { stdout: string; stderr: string; exitcode: string } }).diagnostics;
  };

  it('pings an address of the VM\'s private network, and one outside it times out', async () => {
    const neighbour = ssvm.privateip!.replace(/\.\d+$/, '.1');
    const ok = await run({ targetid: ssvm.id, ipaddress: neighbour, type: 'ping', params: '-c 2' });
    expect(ok.exitcode).toBe('0');
    expect(ok.stdout).toContain('2 packets transmitted, 2 received');
    const lost = await run({ targetid: ssvm.id, ipaddress: '192.0.2.77', type: 'ping' });
    expect(lost.exitcode).toBe('1');
    expect(lost.stdout).toContain('100% packet loss');
  });

  it('traceroutes from a router to its guest network', async () => {
    const router = expectList<{ id: string; guestipaddress?: string; state: string; vpcid?: string }>(
      await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items.find((r) => r.guestipaddress && !r.vpcid)!;
    const target = router.guestipaddress!.replace(/\.\d+$/, '.42');
    const res = await run({ targetid: router.id, ipaddress: target, type: 'traceroute' });
    expect(res.exitcode).toBe('0');
    expect(res.stdout).toContain(`traceroute to ${target}`);
  });

  it('refuses bad input with 431 naming it', async () => {
    expectError(await admin.call('runDiagnostics', { targetid: ssvm.id, ipaddress: 'not-an-ip', type: 'ping' }), 431, /ipaddress/);
    expectError(await admin.call('runDiagnostics', { targetid: ssvm.id, ipaddress: '10.0.0.1', type: 'nmap' }), 431, /type/);
    expectError(await admin.call('runDiagnostics', { targetid: ssvm.id, ipaddress: '10.0.0.1', type: 'ping', params: '-c 1 && reboot' }), 431, /Illegal/);
    const vm = expectList<{ id: string }>(await admin.call('listVirtualMachines', { listall: true }), 'virtualmachine').items[0]!;
    expectError(await admin.call('runDiagnostics', { targetid: vm.id, ipaddress: '10.0.0.1', type: 'ping' }), 431, /system VMs only/);
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    expectError(await alice.call('runDiagnostics', { targetid: ssvm.id, ipaddress: '10.0.0.1', type: 'ping' }), 432);
  });

  it('collects chosen files into a zip served for download', async () => {
    const r = await admin.call('getDiagnosticsData', { targetid: ssvm.id, files: 'iptables,ipaddr,/var/log/cloud.log,/var/log/nothere.log' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const res = await t.waitForJob(admin, String(r.data.jobid));
    expect(res.jobstatus).toBe(1);
    const url = (res.jobresult as { diagnostics: { url: string } }).diagnostics.url;
    expect(url).toMatch(new RegExp(`^${t.url}client/diagnosticsdata/[0-9a-f-]{36}/diagnosticsfiles_${ssvm.name}_\\d{8}T\\d{6}\\.zip$`));
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const files = readZipWithPython(Buffer.from(await download.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(['diagnostics_summary.txt', 'ipaddr.txt', 'iptables.txt', 'var_log_cloud.log']);
    expect(files.get('ipaddr.txt')).toContain(`inet ${ssvm.privateip}/24`);
    expect(files.get('diagnostics_summary.txt')).toContain('/var/log/nothere.log');
    expect((await fetch(url.replace(/diagnosticsdata\/[0-9a-f-]{36}/, 'diagnosticsdata/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expectError(await admin.call('getDiagnosticsData', { targetid: ssvm.id, files: '../../etc/shadow' }), 431, /files/);
  });
});
