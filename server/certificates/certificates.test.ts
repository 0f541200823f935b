import { X509Certificate } from 'node:crypto';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiReply, type Session, type TestServer } from '../testing/harness';
import { makeTestPki, type TestPki } from '../testing/certificates';
import { consolesOf } from '../console/service';
import { activeCertificate } from './store';

const DOMAIN = '*.consoleproxy.test';

describe('uploadCustomCertificate', () => {
  let t: TestServer;
  let pki: TestPki;
  let admin: Session;
  /** Every body the API answered in these tests, to look for the key in. */
  const answers: string[] = [];

  beforeAll(async () => {
    pki = makeTestPki();
    t = await startTestServer();
    await consolesOf(t.server.running.sim).ready();
    const s = await t.login();
    admin = {
      ...s,
      call: async (command, params) => {
        const r = await s.call(command, params);
        answers.push(JSON.stringify(r.body));
        return r;
      },
    };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    pki?.remove();
  });

  const db = () => t.server.running.sim.db;

  async function job(r: ApiReply): Promise<Record<string, unknown>> {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const done = await t.waitForJob(admin, String(r.data.jobid), 30_000);
    answers.push(JSON.stringify(done));
    return done;
  }

  async function upload(params: Record<string, string | number>): Promise<Record<string, unknown>> {
    return job(await admin.call('uploadCustomCertificate', { domainsuffix: DOMAIN, ...params }));
  }

  /** The chain, root first with id 1, then the server certificate with its key. */
  async function uploadAll(server = pki.server, key = pki.serverKey, domain = DOMAIN): Promise<Record<string, unknown>> {
    expect((await upload({ id: 1, name: 'root', certificate: pki.root })).jobstatus).toBe(1);
    expect((await upload({ id: 2, name: 'intermediate1', certificate: pki.intermediate })).jobstatus).toBe(1);
    return upload({ certificate: server, privatekey: key, domainsuffix: domain });
  }

  async function setting(name: string): Promise<string> {
    const r = await admin.call('listConfigurations', { name });
    return String((r.data.configuration as { name: string; value: string }[]).find((c) => c.name === name)?.value ?? '');
  }

  async function runningProxies(): Promise<{ id: string; publicip: string; state: string }[]> {
    const r = await admin.call('listSystemVms', { systemvmtype: 'consoleproxy' });
    return (r.data.systemvm as { id: string; publicip: string; state: string }[]).filter((p) => p.state === 'Running');
  }

  function handshake(port: number, servername: string, ca: string): Promise<{ cert: DetailedPeerCertificate; authorized: boolean; error?: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: false }, () => {
        const cert = socket.getPeerCertificate(true);
        resolve({ cert, authorized: socket.authorized, ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}) });
        socket.end();
      });
      socket.on('error', reject);
    });
  }

  it('refuses callers other than the root admin, and calls without their required parameters', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    expect((await eng.call('uploadCustomCertificate', { certificate: pki.server, privatekey: pki.serverKey, domainsuffix: DOMAIN })).status).toBe(432);
    // A name (alias) with a private key is refused: a named certificate is a chain certificate.
    const keyWithName = await admin.call('uploadCustomCertificate', { name: 'root', certificate: pki.server, privatekey: pki.serverKey, domainsuffix: DOMAIN });
    expect(keyWithName.status).toBe(431);
    const noKey = await admin.call('uploadCustomCertificate', { certificate: pki.server, domainsuffix: DOMAIN });
    expect(noKey.status).toBe(431);
    expect(noKey.data.errortext).toMatch(/missing parameter privatekey/);
    const noDomain = await admin.call('uploadCustomCertificate', { certificate: pki.server, privatekey: pki.serverKey });
    expect(noDomain.data.errortext).toMatch(/missing parameter domainsuffix/);
  });

  it('before any upload the proxies serve plain WebSockets at their address', async () => {
    expect(activeCertificate(db())).toBeUndefined();
    expect(await setting('consoleproxy.sslEnabled')).toBe('false');
  });

  it('a good upload is stored, sets the domain, reboots the proxies and SSVMs, and the proxies serve it over TLS', async () => {
    const before = await runningProxies();
    expect(before.length).toBeGreaterThan(0);
    const oldPorts = before.map((p) => consolesOf(t.server.running.sim).port(p.id));
    const done = await uploadAll();
    expect(done.jobstatus, JSON.stringify(done)).toBe(1);
    expect((done.jobresult as { customcertificate: { message: string } }).customcertificate.message).toMatch(/is in use; \d+ running console proxy and secondary storage VMs were rebooted/);

    expect(await setting('consoleproxy.url.domain')).toBe(DOMAIN);
    expect(await setting('consoleproxy.sslEnabled')).toBe('true');
    expect(activeCertificate(db())).toMatchObject({ domainsuffix: DOMAIN, subject: 'CN=*.consoleproxy.test' });

    const events = await admin.call('listEvents', { listall: true, type: 'UPLOAD.CUSTOM.CERTIFICATE', pagesize: 50 });
    expect((events.data.event as { description: string }[]).map((e) => e.description).join('\n')).toMatch(/Uploaded the console proxy certificate/);
    const reboots = await admin.call('listEvents', { listall: true, type: 'PROXY.REBOOT', pagesize: 50 });
    expect((reboots.data.event as { description: string }[]).some((e) => /new SSL certificate/.test(e.description))).toBe(true);

    const consoles = consolesOf(t.server.running.sim);
    await consoles.ready();
    const after = await runningProxies();
    expect(after.map((p) => p.id).sort()).toEqual(before.map((p) => p.id).sort());
    const proxy = after[0]!;
    const port = consoles.port(proxy.id)!;
    expect(oldPorts).not.toContain(port);
    const name = `${proxy.publicip.replace(/\./g, '-')}.consoleproxy.test`;
    const hs = await handshake(port, name, pki.root);
    expect(hs.authorized, hs.error).toBe(true);
    expect(hs.cert.subject.CN).toBe('*.consoleproxy.test');
    expect(hs.cert.fingerprint256).toBe(new (await import('node:crypto')).X509Certificate(pki.server).fingerprint256);
    expect(hs.cert.issuerCertificate?.subject.CN).toBe('Test Intermediate CA');
  }, 60_000);

  it('createConsoleEndpoint then answers the aaa-bbb-ccc-ddd.<domain> name, and the console opens over wss', async () => {
    const vms = await admin.call('listVirtualMachines', { listall: true });
    const proxies = await runningProxies();
    const vm = (vms.data.virtualmachine as { id: string; zoneid: string }[])[0]!;
    db().prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vm.id);
    const r = await admin.call('createConsoleEndpoint', { virtualmachineid: vm.id });
    const ep = r.data.consoleendpoint as { success: boolean; details?: string; websocket: { host: string; port: string; path: string; token: string } };
    expect(ep.success, ep.details).toBe(true);
    const hosts = proxies.map((p) => `${p.publicip.replace(/\./g, '-')}.consoleproxy.test`);
    expect(hosts).toContain(ep.websocket.host);

    const ws = new WebSocket(`wss://127.0.0.1:${ep.websocket.port}/${ep.websocket.path}?token=${encodeURIComponent(ep.websocket.token)}`, ['binary'], {
      ca: pki.root,
      // Connect to the loopback address but name the host the endpoint gave (SNI and the certificate check).
      servername: ep.websocket.host,
    } as WebSocket.ClientOptions);
    const greeting = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data.toString('latin1')));
      ws.once('error', reject);
      ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
    });
    expect(greeting).toMatch(/^RFB 003\.00\d\n/);
    ws.terminate();
  }, 30_000);

  const badCases: [string, Record<string, string>, RegExp][] = [
    ['a key of another certificate', { privatekey: 'other' }, /private key does not match the certificate/],
    ['a PKCS#1 key', { privatekey: 'pkcs1' }, /PKCS#1 format.*openssl pkcs8 -topk8 -in yourprivate\.key -out yourprivate\.pkcs8\.encrypted\.key/],
    ['an encrypted key', { privatekey: 'encrypted' }, /encrypted.*openssl pkcs8 -in yourprivate\.pkcs8\.encrypted\.key -out yourprivate\.pkcs8\.key/],
    ['an expired certificate', { certificate: 'expired' }, /expired on 2021-01-01/],
    ['a certificate not valid yet', { certificate: 'future' }, /not valid until 2090-01-01/],
    ['a certificate for another domain', { certificate: 'elsewhere' }, /does not cover the console proxy names aaa-bbb-ccc-ddd\.consoleproxy\.test/],
    ['a domain the certificate does not cover', { domainsuffix: '*.other.test' }, /does not cover the console proxy names aaa-bbb-ccc-ddd\.other\.test/],
    ['garbage as the certificate', { certificate: 'garbage' }, /not a certificate in PEM format/],
    ['garbage as the key', { privatekey: 'garbage' }, /not a private key in PEM format/],
    ['a damaged certificate', { certificate: 'damaged' }, /cannot be parsed as an X\.509 certificate/],
    ['a domain that is not one', { domainsuffix: 'localhost' }, /is not a domain/],
  ];

  it.each(badCases)('%s fails with its message and leaves the stored certificate as it was', async (_name, change, message) => {
    const stored = activeCertificate(db());
    expect(stored).toBeDefined();
    const pick = (v: string | undefined, fallback: string) =>
      v === undefined ? fallback : ({
        other: pki.otherKey, pkcs1: pki.serverKeyPkcs1, encrypted: pki.serverKeyEncrypted, expired: pki.expired, future: pki.notYetValid,
        elsewhere: pki.wrongDomain, garbage: 'this is not PEM at all',
        damaged: pki.server.replace(/^(-----BEGIN CERTIFICATE-----\n)MII/, '$1MIA'),
      } as Record<string, string>)[v] ?? v;
    const done = await uploadAll(pick(change.certificate, pki.server), pick(change.privatekey, pki.serverKey), change.domainsuffix ?? DOMAIN);
    expect(done.jobstatus).toBe(2);
    expect(done.jobresultcode).toBe(431);
    const result = done.jobresult as { errorcode: number; errortext: string };
    expect(result.errorcode).toBe(431);
    expect(result.errortext).toMatch(message);
    expect(activeCertificate(db())).toEqual(stored);
    expect(await setting('consoleproxy.url.domain')).toBe(DOMAIN);
    expect(db().prepare('SELECT COUNT(*) AS n FROM certificate_uploads').get()).toEqual({ n: 0 });
  }, 60_000);

  it('renewing only the server certificate keeps the stored root and intermediate (by id), and the proxies serve the full chain', async () => {
    const stored = activeCertificate(db())!;
    expect(stored.chain).toHaveLength(2);
    // 4.20 takes a chain entry by id without a name.
    expect((await upload({ id: 2, certificate: pki.intermediate })).jobstatus).toBe(1);
    const renewed = await upload({ certificate: pki.server, privatekey: pki.serverKey });
    expect(renewed.jobstatus, JSON.stringify(renewed)).toBe(1);
    const now = activeCertificate(db())!;
    expect(now.chain).toHaveLength(2);
    expect(now.chain.map((c) => new X509Certificate(c).subject)).toEqual(stored.chain.map((c) => new X509Certificate(c).subject));
    const consoles = consolesOf(t.server.running.sim);
    await consoles.ready();
    const proxy = (await runningProxies())[0]!;
    const hs = await handshake(consoles.port(proxy.id)!, `${proxy.publicip.replace(/\./g, '-')}.consoleproxy.test`, pki.root);
    expect(hs.authorized, hs.error).toBe(true);
    expect(hs.cert.issuerCertificate?.subject.CN).toBe('Test Intermediate CA');
  }, 60_000);

  it('a chain entry that does not link fails at that certificate; the stored entries stay', async () => {
    const stored = activeCertificate(db());
    expect((await upload({ id: 1, name: 'root', certificate: pki.intermediate })).jobstatus).toBe(1);
    const second = await upload({ id: 2, name: 'intermediate1', certificate: pki.root });
    expect(second.jobstatus).toBe(2);
    expect((second.jobresult as { errortext: string }).errortext).toMatch(/was not issued by the certificate with id 1/);
    const skipped = await upload({ id: 4, name: 'intermediate3', certificate: pki.intermediate });
    expect((skipped.jobresult as { errortext: string }).errortext).toMatch(/id 3 must be uploaded before id 4/);
    // Entry 1 back to the root: the stored chain links again, and a server certificate alone is enough.
    expect((await upload({ id: 1, name: 'root', certificate: pki.root })).jobstatus).toBe(1);
    const server = await upload({ certificate: pki.server, privatekey: pki.serverKey });
    expect(server.jobstatus).toBe(1);
    expect(activeCertificate(db())!.chain).toHaveLength(2);
    // A server certificate as a chain entry is refused.
    const notCa = await upload({ id: 1, name: 'root', certificate: pki.server });
    expect((notCa.jobresult as { errortext: string }).errortext).toMatch(/is not a CA certificate/);
    expect(activeCertificate(db())!.certificate).toBe(stored!.certificate);
  }, 60_000);

  it('no answer, job or event carries the private key; the jobs table does not hold it either', async () => {
    const body = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    const secrets = [pki.serverKey, pki.otherKey, pki.serverKeyPkcs1, pki.serverKeyEncrypted].flatMap(body);
    await admin.call('listConfigurations', { keyword: 'consoleproxy' });
    await admin.call('listAsyncJobs', { pagesize: 500 });
    await admin.call('listEvents', { pagesize: 500 });
    const everything = answers.join('\n');
    expect(answers.length).toBeGreaterThan(30);
    for (const line of secrets) expect(everything).not.toContain(line);
    const jobs = db().prepare("SELECT payload, result FROM jobs WHERE kind = 'certificate.upload'").all() as { payload: string; result: string }[];
    expect(jobs.length).toBeGreaterThan(10);
    const stored = JSON.stringify(jobs);
    for (const line of secrets) expect(stored).not.toContain(line.replace(/\//g, '\\/'));
    for (const line of secrets) expect(stored).not.toContain(line);
    // The key is stored for the proxies, though.
    expect(activeCertificate(db())!.privatekey).toContain('BEGIN PRIVATE KEY');
  });

  it('a management server restarted on the same database serves the certificate from the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-cert-db-'));
    const database = join(dir, 'simulator.db');
    try {
      const first = await startTestServer({ database, routers: 10 });
      const s = await first.login();
      const calls: Record<string, string | number>[] = [
        { id: 1, name: 'root', certificate: pki.root },
        { id: 2, name: 'intermediate1', certificate: pki.intermediate },
        { certificate: pki.server, privatekey: pki.serverKey },
      ];
      for (const params of calls) {
        const r = await s.call('uploadCustomCertificate', { domainsuffix: DOMAIN, ...params });
        expect((await first.waitForJob(s, String(r.data.jobid), 30_000)).jobstatus).toBe(1);
      }
      await first.close();

      const second = await startTestServer({ database, routers: 10 });
      try {
        const consoles = consolesOf(second.server.running.sim);
        await consoles.ready();
        const listed = await (await second.login()).call('listSystemVms', { systemvmtype: 'consoleproxy', state: 'Running' });
        const proxy = (listed.data.systemvm as { id: string; publicip: string }[])[0]!;
        const hs = await handshake(consoles.port(proxy.id)!, `${proxy.publicip.replace(/\./g, '-')}.consoleproxy.test`, pki.root);
        expect(hs.authorized, hs.error).toBe(true);
        expect(hs.cert.subject.CN).toBe('*.consoleproxy.test');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
