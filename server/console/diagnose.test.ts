import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseProxy } from './diagnose';

/** A self-signed certificate for proxy.console.test, made with openssl for this run. */
let dir: string;
let cert: string;
let key: string;
let tlsServer: HttpsServer;
let tlsPort: number;
let plain: Server;
let plainPort: number;
const plainSockets = new Set<Socket>();
const toLoopback = async (host: string) => {
  if (host.endsWith('.console.test')) return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cs-diagnose-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=proxy.console.test',
    '-addext', 'subjectAltName=DNS:proxy.console.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  tlsServer = createHttpsServer({ key, cert }, (_req, res) => res.end('proxy'));
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsPort = (tlsServer.address() as AddressInfo).port;
  // A plain-text listener: a TLS client gets no handshake from it.
  plain = createServer((s) => {
    plainSockets.add(s);
    s.on('error', () => undefined);
    s.end('RFB 003.008\n');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainPort = (plain.address() as AddressInfo).port;
});

afterAll(async () => {
  tlsServer?.closeAllConnections();
  await new Promise((r) => tlsServer?.close(r));
  for (const s of plainSockets) s.destroy();
  await new Promise((r) => plain?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that nothing listens on: one the system gave and that was closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('diagnoseProxy', () => {
  it('says a name that does not resolve, with the resolver code (system resolver, .invalid is never resolved)', async () => {
    const d = await diagnoseProxy({ host: '10-0-0-1.console.invalid', port: 443, secure: true });
    expect(d.cause).toBe('name-not-resolved');
    expect(d.code).toMatch(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA)$/);
    expect(d.steps).toEqual([{ step: 'resolve', ok: false, code: d.code, detail: '10-0-0-1.console.invalid does not resolve' }]);
  });

  it('says a refused connection (ECONNREFUSED), with the address tried', async () => {
    const port = await closedPort();
    const d = await diagnoseProxy({ host: '127.0.0.1', port, secure: false });
    expect(d).toMatchObject({ cause: 'refused', code: 'ECONNREFUSED', steps: [{ step: 'connect', ok: false, code: 'ECONNREFUSED', detail: `127.0.0.1:${port}` }] });
  });

  it('says a self-signed certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)', async () => {
    const d = await diagnoseProxy({ host: 'proxy.console.test', port: tlsPort, secure: true }, { lookup: toLoopback });
    expect(d.cause).toBe('certificate-not-trusted');
    expect(d.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(d.steps.map((s) => [s.step, s.ok])).toEqual([['resolve', true], ['connect', true], ['tls', false]]);
  });

  it('reaches a proxy whose certificate is trusted and names the host', async () => {
    const d = await diagnoseProxy({ host: 'proxy.console.test', port: tlsPort, secure: true }, { lookup: toLoopback, ca: [cert] });
    expect(d.cause).toBe('reached');
    expect(d.code).toBeUndefined();
    expect(d.steps.at(-1)).toMatchObject({ step: 'tls', ok: true });
  });

  it('says a trusted certificate that does not name the host is not trusted for it (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    const d = await diagnoseProxy({ host: 'other.console.test', port: tlsPort, secure: true }, { lookup: toLoopback, ca: [cert] });
    expect(d).toMatchObject({ cause: 'certificate-not-trusted', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('says a TLS failure on a port that does not speak TLS', async () => {
    const d = await diagnoseProxy({ host: '127.0.0.1', port: plainPort, secure: true });
    expect(d.cause).toBe('tls-failed');
    expect(d.code).toBeTruthy();
  });
});
