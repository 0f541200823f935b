import fc from 'fast-check';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { startForwarder, type StartedForwarder } from '../main-lib';
import { consolesOf } from '../console/service';

/**
 * The Fastify serving process (issue 14) under random requests: random methods, paths, headers and bodies,
 * raw bytes on a socket, and in forwarding mode random answers of the "management server". Every answer
 * carries the security headers, API errors are CloudStack envelopes, nothing but JSON or XML comes back from
 * the upstream, and the process keeps serving.
 */
const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

function expectSecurityHeaders(headers: Headers): void {
  for (const h of SECURITY) expect(headers.get(h), h).toBeTruthy();
}

const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const pathArb = fc.oneof(
  fc.constantFrom('/client/api', '/client/api/', '/client/session', '/client/diagnosticsdata/x/y.zip', '/', '/routers', '/assets/x.js',
    '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/client/api?command=login', '/client/api?command=listZones&response=json', '/.env',
    '/client/console/plans', '/client/console/plans/', '/client/console/plans/draft', '/client/console/plans/x/start',
    '/client/console/plans/%2e%2e/%2e%2e/api', '/client/console/plans?dryrun=true', '/distx/index.html', '/index.html'),
  fc.string({ maxLength: 40 }).map((s) => `/client/console/plans/${encodeURIComponent(s)}`),
  fc.string({ maxLength: 60 }).map((s) => `/${encodeURIComponent(s)}`),
);
const headerArb = fc.dictionary(
  fc.constantFrom('Host', 'X-Forwarded-Proto', 'X-Forwarded-For', 'X-Forwarded-Host', 'Cookie', 'Content-Type', 'Accept-Encoding', 'sessionkey'),
  fc.oneof(fc.constantFrom('evil.example', 'https', 'JSESSIONID=x; JSESSIONID=y', 'application/json', 'br, gzip', 'text/html', '127.0.0.1, 10.0.0.1'),
    fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
  { maxKeys: 4 },
);

describe('HTTP fuzzing of the serving process', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
  });
  afterAll(() => t.close());

  it('answers random requests with the security headers, and API errors as envelopes', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(methodArb, pathArb, headerArb, fc.option(fc.uint8Array({ maxLength: 3000 }), { nil: undefined }), async (method, path, headers, body) => {
        let res: Response;
        try {
          res = await fetch(`${t.url.replace(/\/$/, '')}${path}`, {
            method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body,
          });
        } catch (err) {
          if (err instanceof TypeError) return; // fetch refused the request itself (a forbidden header value)
          throw err;
        }
        const text = await res.text();
        expectSecurityHeaders(res.headers);
        expect(res.status).toBeLessThan(600);
        expect(text).not.toContain('evil.example');
        // fetch resolves dot segments (%2e%2e too) before sending: the path the server saw.
        const sent = new URL(`${t.url.replace(/\/$/, '')}${path}`).pathname;
        if (sent.startsWith('/client/console/plans') && method !== 'HEAD') {
          // The plan API: without a session, a JSON error naming its status; never a crash.
          expect(res.status).toBeLessThan(500);
          const answer = JSON.parse(text) as { error?: { status: number; message: string } };
          if (res.status >= 400) expect(answer.error?.status).toBe(res.status);
        }
        if (path.startsWith('/client/api') && method !== 'HEAD' && res.headers.get('content-type')?.includes('json')) {
          const parsed = JSON.parse(text) as Record<string, Record<string, unknown>>;
          const inner = Object.values(parsed)[0]!;
          expect(inner.errorcode ?? 200).toBe(res.status);
          expect(String(inner.errortext ?? '')).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 400, seed: 14 },
    );
    // Still serving.
    expect((await fetch(`${t.url}client/api?command=listZones&response=json`)).status).toBe(401);
  });

  it('answers random plan API requests of a logged-in admin with JSON errors, never a crash', { timeout: 120_000 }, async () => {
    const admin = await t.login('admin');
    const planPath = fc.oneof(
      fc.constantFrom('', '/', '/draft', '/draft?x=1', '?dryrun=true', '/no-such-plan', '/no-such-plan/start', '/no-such-plan/retry',
        '/00000000-0000-0000-0000-000000000000/pause', '/x/y/z'),
      fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`),
    );
    const jsonish = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('{"name":"x","waves":[]}', '{"zoneid":"nope","strategy":"pod"}', '{"routerids":["a"]}', '{"name":"' + 'n'.repeat(5000) + '"}',
        '{"__proto__":{"admin":true}}', 'null', '[]', '{'),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), planPath, fc.option(jsonish, { nil: undefined }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''), async (method, path, body, type) => {
          const res = await fetch(`${t.url}client/console/plans${path}`, {
            method,
            headers: { Cookie: admin.cookie, sessionkey: admin.sessionkey, 'Content-Type': type },
            body: method === 'GET' ? undefined : body,
          });
          const text = await res.text();
          expectSecurityHeaders(res.headers);
          expect(res.status, `${method} ${path} ${body ?? ''}: ${text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) {
            // The plan API's own error shape, also for a body Fastify could not read or an oversized one.
            const answer = JSON.parse(text) as { error?: { status: number } };
            expect(answer.error?.status, text.slice(0, 200)).toBe(res.status);
          }
        }),
      { numRuns: 150, seed: 18 },
    );
    const list = await fetch(`${t.url}client/console/plans`, { headers: { Cookie: admin.cookie, sessionkey: admin.sessionkey } });
    expect(list.status).toBe(200);
  });

  it('answers random session endpoint requests with the security headers and no session data without a session', { timeout: 60_000 }, async () => {
    const admin = await t.login('admin');
    await fc.assert(
      fc.asyncProperty(methodArb, headerArb, fc.boolean(), async (method, headers, withCookie) => {
        let res: Response;
        try {
          res = await fetch(`${t.url}client/session`, { method, headers: withCookie ? { ...headers, Cookie: admin.cookie } : headers });
        } catch (err) {
          if (err instanceof TypeError) return;
          throw err;
        }
        const text = await res.text();
        expectSecurityHeaders(res.headers);
        expect(res.status).toBeLessThan(500);
        expect(text).not.toContain('evil.example');
        if (!withCookie) {
          expect(text).not.toContain(admin.userid);
          expect(text).not.toContain(admin.sessionkey);
        }
      }),
      { numRuns: 100, seed: 19 },
    );
  });

  it('survives raw garbage on a socket and still serves', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }), async (bytes) => {
        await new Promise<void>((resolve) => {
          const s = connect(Number(new URL(t.url).port), '127.0.0.1', () => {
            s.end(Buffer.from(bytes));
          });
          s.on('error', () => resolve());
          s.on('close', () => resolve());
          s.resume();
          s.setTimeout(5000, () => s.destroy());
        });
      }),
      { numRuns: 100, seed: 15 },
    );
    expect((await fetch(`${t.url}client/api?command=listZones&response=json`)).status).toBe(401);
  });
});

describe('HTTP fuzzing of the forwarding mode', () => {
  let upstream: Server;
  let forwarder: StartedForwarder;
  let next: { status: number; type?: string; body: string; cookie?: string } = { status: 200, body: '{}' };
  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      const headers: Record<string, string> = {};
      if (next.type !== undefined) headers['Content-Type'] = next.type;
      if (next.cookie) headers['Set-Cookie'] = next.cookie;
      res.writeHead(next.status, headers);
      res.end(next.body);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    forwarder = await startForwarder({ port: 0, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client` });
  });
  afterAll(async () => {
    await forwarder.close();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it('passes only JSON or XML answers, always with its own security headers', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 401, 431, 500, 530, 302),
        fc.option(fc.constantFrom('application/json', 'application/json; charset=UTF-8', 'text/xml', 'text/html', 'text/plain',
          'application/javascript', 'image/svg+xml', 'application/xhtml+xml', 'multipart/x-mixed-replace', ''), { nil: undefined }),
        fc.oneof(fc.constantFrom('{"listzonesresponse":{}}', '<html><script>alert(1)</script></html>', '<?xml version="1.0"?><a/>'), fc.string({ maxLength: 200 })),
        fc.option(fc.constantFrom('JSESSIONID=abc; Path=/client; Domain=evil.example', 'sessionkey=secret; Path=/', 'x=1; Domain=.evil.example'), { nil: undefined }),
        async (status, type, body, cookie) => {
          next = { status, type, body, cookie };
          const res = await fetch(`${forwarder.url}client/api?command=listZones&response=json`, { redirect: 'manual' });
          const text = await res.text();
          expectSecurityHeaders(res.headers);
          const ct = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
          expect(['application/json', 'text/xml', 'application/xml', 'text/javascript']).toContain(ct);
          expect(res.headers.get('location')).toBeNull();
          for (const c of res.headers.getSetCookie()) {
            expect(c).not.toMatch(/^sessionkey=/i);
            expect(c).not.toMatch(/Domain=/i);
          }
          if (!['application/json', 'application/json; charset=UTF-8', 'text/xml'].includes(type ?? '')) {
            expect(res.status).toBe(530);
            expect(text).not.toContain('<script>');
          }
        },
      ),
      { numRuns: 200, seed: 16 },
    );
  });
});

describe('HTTP fuzzing of the console proxy\'s page server (the noVNC page a CPVM serves)', () => {
  let t: TestServer;
  let origin: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    await consolesOf(t.server.running.sim).ready();
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const vmid = ((await alice.call('listVirtualMachines')).data.virtualmachine as { id: string }[])[0]!.id;
    t.server.running.sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vmid);
    const endpoint = (await alice.call('createConsoleEndpoint', { virtualmachineid: vmid })).data.consoleendpoint as { url: string };
    origin = new URL(endpoint.url).origin;
    expect(new URL(origin).hostname).toMatch(/^(127\.0\.0\.1|localhost|\[::1\])$/);
  });
  afterAll(() => t.close());

  it('answers random paths with the page, a module or a plain 404, never a file outside noVNC', { timeout: 120_000 }, async () => {
    const pagePath = fc.oneof(
      fc.constantFrom('/resource/noVNC/vnc.html', '/resource/noVNC/app.js', '/resource/noVNC/core/rfb.js', '/resource/noVNC/core/../../../package.json',
        '/resource/noVNC/core/%2e%2e/%2e%2e/package.json', '/resource/noVNC/vendor/pako/lib/zlib/inflate.js', '/resource/noVNC/.env', '/websockify',
        '/resource/noVNC//etc/passwd', '/'),
      fc.string({ maxLength: 50 }).map((s) => `/resource/noVNC/${encodeURIComponent(s)}`),
      fc.string({ maxLength: 50 }).map((s) => `/${s.replace(/[\s#?]/g, '')}`),
    );
    await fc.assert(
      fc.asyncProperty(methodArb, pagePath, headerArb, async (method, path, headers) => {
        let res: Response;
        try {
          res = await fetch(`${origin}${path}`, { method, headers });
        } catch (err) {
          if (err instanceof TypeError) return;
          throw err;
        }
        const text = await res.text();
        expect([200, 400, 404, 426]).toContain(res.status);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(text).not.toMatch(/"name":\s*"@novnc\/novnc"/);
        expect(text).not.toContain('root:x:0:0');
      }),
      { numRuns: 200, seed: 20 },
    );
    expect((await fetch(`${origin}/resource/noVNC/vnc.html`)).status).toBe(200);
  });
});
