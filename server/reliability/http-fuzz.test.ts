import fc from 'fast-check';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { startForwarder, type StartedForwarder } from '../main-lib';

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
    '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/client/api?command=login', '/client/api?command=listZones&response=json', '/.env'),
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
