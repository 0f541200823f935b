import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { makeTestPki, type TestPki } from '../testing/certificates';
import type { AddressInfo, Socket } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForwarder, startServer, type StartedForwarder, type StartedServer } from '../main-lib';
import { startTestServer, type TestServer } from '../testing/harness';
import { get } from './testclient';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Resolves when the socket is closed by the server (the test's own timeout bounds the wait). */
const closed = (socket: Socket) => new Promise<void>((resolve) => {
  socket.on('close', () => resolve());
  socket.on('error', () => undefined);
  socket.resume();
});

async function loginCookie(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${url}client/api`, { method: 'POST', headers: { ...form, ...headers }, body: 'command=login&username=admin&password=password&domain=/&response=json' });
  const body = (await r.json()) as { loginresponse: { sessionkey: string } };
  return { res: r, cookie: /JSESSIONID=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0], sessionkey: body.loginresponse.sessionkey };
}

describe('the serving process under attack (issue 14, HTTP layer)', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      options: { database: ':memory:', routers: 200 },
      limits: { headersTimeout: 300, requestTimeout: 2000, idleTimeout: 3000, checkInterval: 100, maxConnections: 40, loginAttempts: 8 },
      trustProxy: '127.0.0.1',
    });
  });
  afterAll(() => server.close());

  it('closes a connection that sends half a request head and stops (slow loris)', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /client/api?command=listZones HTTP/1.1\r\nHost: x\r\n');
    await closed(socket);
  });

  it('closes a connection that never sends anything', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await closed(socket);
  });

  it('closes a connection whose body stops half way', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /client/api HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncommand=list');
    await closed(socket);
  });

  it('answers a body over the limit with a 413 CloudStack error, not a reset', async () => {
    const big = `command=listZones&response=json&x=${'a'.repeat(4 * 1024 * 1024 + 10)}`;
    const r = await fetch(`${server.url}client/api`, { method: 'POST', headers: { ...form, Cookie: 'JSESSIONID=abc' }, body: big });
    expect(r.status).toBe(413);
    const body = (await r.json()) as { errorresponse: { errorcode: number; errortext: string } };
    expect(body.errorresponse.errortext).toMatch(/larger than/);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('reads no more than 64 KiB from a caller without a session or an API key', async () => {
    const r = await fetch(`${server.url}client/api`, { method: 'POST', headers: form, body: `command=login&x=${'a'.repeat(100 * 1024)}` });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { errorresponse: { errortext: string } }).errorresponse.errortext).toMatch(/without a session/);
  });

  it('refuses a login over GET with 405, as CloudStack does', async () => {
    const r = await fetch(`${server.url}client/api?command=login&username=admin&password=password&response=json`);
    expect(r.status).toBe(405);
    expect(await r.text()).toBe('Please use HTTP POST to authenticate using this API');
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('puts the security headers on API answers, errors and downloads', async () => {
    const api = await fetch(`${server.url}client/api?command=listZones&response=json`);
    const missing = await fetch(`${server.url}client/diagnosticsdata/00000000-0000-0000-0000-000000000000/x.zip`);
    for (const r of [api, missing]) {
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('marks the session cookie Secure when the browser came over TLS (a trusted proxy says so)', async () => {
    const { res } = await loginCookie(server.url, { 'X-Forwarded-Proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
    const plain = await loginCookie(server.url);
    expect(plain.res.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('builds no URL from a foreign Host or X-Forwarded-Proto header', async () => {
    const { cookie, sessionkey } = await loginCookie(server.url);
    const sim = server.running.sim;
    const vm = sim.db.prepare("SELECT id FROM vms LIMIT 1").get() as { id: string };
    sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vm.id);
    const r = await fetch(`${server.url}client/api`, {
      method: 'POST',
      headers: { ...form, Cookie: cookie, Host: 'evil.example', 'X-Forwarded-Proto': 'gopher', 'X-Forwarded-Host': 'evil.example' },
      body: new URLSearchParams({ command: 'createConsoleEndpoint', virtualmachineid: vm.id, sessionkey, response: 'json' }).toString(),
    });
    const text = await r.text();
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('gopher');
    expect(text).toContain(`127.0.0.1:${server.port}`);
  });

  it('compresses API answers with brotli or gzip as the browser accepts', async () => {
    const { cookie, sessionkey } = await loginCookie(server.url);
    const path = `/client/api?command=listRouters&listall=true&response=json&sessionkey=${encodeURIComponent(sessionkey)}`;
    const br = await get(server.url, { Cookie: cookie, 'Accept-Encoding': 'gzip, br' }, path);
    expect(br.headers['content-encoding']).toBe('br');
    const plain = brotliDecompressSync(br.body);
    expect(JSON.parse(plain.toString()).listroutersresponse.count).toBe(200);
    expect(br.body.length).toBeLessThan(plain.length / 5);
  });

  it('limits failed logins per address: after the limit, 429 even with the right password', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${server.url}client/api`, { method: 'POST', headers: form, body: 'command=login&username=nobody&password=x&response=json' });
      last = r.status;
      await r.arrayBuffer();
    }
    expect(last).toBe(429);
    const r = await fetch(`${server.url}client/api`, { method: 'POST', headers: form, body: 'command=login&username=admin&password=password&domain=/&response=json' });
    expect(r.status).toBe(429);
    expect(((await r.json()) as { loginresponse: { errortext: string } }).loginresponse.errortext).toMatch(/Too many failed login attempts/);
  });
});

describe('the connection cap', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, options: { database: ':memory:', routers: 5 }, limits: { maxConnections: 3 } });
  });
  afterAll(() => server.close());

  it('closes connections beyond the cap at once, and serves again once they go', async () => {
    const held: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const s = connect(server.port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      s.on('error', () => undefined);
      held.push(s);
    }
    const extra = connect(server.port, '127.0.0.1');
    await closed(extra);
    for (const s of held) s.destroy();
    // Once the held connections are gone, a request is served again.
    for (let i = 0; ; i++) {
      const ok = await fetch(`${server.url}client/api?command=listZones&response=json`).then((r) => r.status, () => 0);
      if (ok === 401) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});

describe('forwarding mode under attack (issue 14)', () => {
  let upstream: Server;
  let forwarder: StartedForwarder;
  let real: TestServer;
  let realForwarder: StartedForwarder;
  beforeAll(async () => {
    // A "management server" that answers HTML with a script in it.
    upstream = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': 'JSESSIONID=x; Path=/client' });
      res.end('<html><script>alert(document.cookie)</script></html>');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    forwarder = await startForwarder({ port: 0, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client` });
    real = await startTestServer({ routers: 300 });
    realForwarder = await startForwarder({ port: 0, upstream: `${real.url}client` });
  });
  afterAll(async () => {
    await forwarder.close();
    await realForwarder.close();
    await real.close();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it('refuses an upstream text/html answer with a clear error and this server\'s headers', async () => {
    const r = await fetch(`${forwarder.url}client/api?command=listZones&response=json`);
    expect(r.status).toBe(530);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = (await r.json()) as { listzonesresponse: { errortext: string } };
    expect(body.listzonesresponse.errortext).toMatch(/text\/html, not an API answer/);
  });

  it('compresses forwarded answers and puts this server\'s security headers on them', async () => {
    const { cookie, sessionkey } = await loginCookie(realForwarder.url);
    const path = `/client/api?command=listRouters&listall=true&response=json&sessionkey=${encodeURIComponent(sessionkey)}`;
    const r = await get(realForwarder.url, { Cookie: cookie, 'Accept-Encoding': 'br' }, path);
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(JSON.parse(brotliDecompressSync(r.body).toString()).listroutersresponse.count).toBe(300);
  });

  it('refuses a login over GET before it reaches the management server', async () => {
    const r = await fetch(`${realForwarder.url}client/api?command=login&username=admin&password=password&response=json`);
    expect(r.status).toBe(405);
  });
});

describe('the listener over TLS', () => {
  let server: StartedServer;
  let pki: TestPki;
  beforeAll(async () => {
    pki = makeTestPki('tls.test');
    server = await startServer({ port: 0, options: { database: ':memory:', routers: 5 }, https: { key: pki.serverKey, cert: `${pki.server}${pki.intermediate}` } });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    pki.remove();
  });

  it('serves https and marks the session cookie Secure, with HSTS', async () => {
    expect(server.url).toMatch(/^https:/);
    const body = 'command=login&username=admin&password=password&domain=/&response=json';
    const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path: '/client/api', method: 'POST', servername: 'app.tls.test', ca: [pki.root],
        headers: { ...form, 'Content-Length': Buffer.byteLength(body) } }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/JSESSIONID=[^;]+;.*Secure/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});
