import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { downloadsOf, MAX_DOWNLOADS_PER_ACCOUNT, MAX_REDIRECTS, TOTAL_TIMEOUT_MS, CONNECT_TIMEOUT_MS, STALL_TIMEOUT_MS } from './downloads';
import { refusedRange, parseAllowedSites } from './fetchguard';
import { zoneIdOfHypervisor } from '../testing/lookups';

interface Template { id: string; status: string; isready: boolean; zoneid?: string; size?: number }

/**
 * Issue 14, server-side request forgery through registerTemplate: the simulated SSVM must not reach loopback,
 * private, link-local or IPv4-mapped addresses (unless listed in secstorage.allowed.internal.sites), on any
 * redirect hop; downloads are bounded in size, time and number per account; a checksum mismatch does not
 * tell the hash of what was fetched.
 */
describe('template downloads refuse internal addresses and are bounded (issue 14)', () => {
  let t: TestServer;
  let admin: Session;
  let alice: Session;
  let zoneid: string;
  let internal: Server;
  let base: string;
  /** Requests the "internal" server received, by path. */
  const hits: string[] = [];
  const open = new Set<ServerResponse>();
  const trickle: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    t = await startTestServer({ routers: 5 });
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    zoneid = await zoneIdOfHypervisor(admin, 'KVM');
    internal = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.push(path);
      if (path.startsWith('/redirect-metadata')) return void res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (path.startsWith('/redirect-mapped')) return void res.writeHead(302, { Location: `http://[::ffff:127.0.0.1]:${port()}/secret.qcow2` }).end();
      if (path.startsWith('/redirect-loop')) return void res.writeHead(302, { Location: `/redirect-loop${Math.random()}` }).end();
      if (path.startsWith('/big-declared')) return void res.writeHead(200, { 'Content-Length': String(50 * 1024 * 1024) }).end();
      if (path.startsWith('/big-chunked')) {
        res.writeHead(200);
        res.end(Buffer.alloc(300 * 1024, 1));
        return;
      }
      if (path.startsWith('/bomb')) {
        const gz = gzipSync(Buffer.alloc(20 * 1024 * 1024));
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) }).end(gz);
        return;
      }
      if (path.startsWith('/trickle') || path.startsWith('/held')) {
        res.writeHead(200, { 'Content-Length': String(1024 * 1024) });
        open.add(res);
        res.write(Buffer.alloc(1));
        if (path.startsWith('/trickle')) trickle.push(setInterval(() => res.write(Buffer.alloc(1)), 50));
        return;
      }
      res.writeHead(200, { 'Content-Length': '6' }).end('secret');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${port()}`;
  });
  const port = () => (internal.address() as AddressInfo).port;
  afterAll(async () => {
    for (const i of trickle) clearInterval(i);
    for (const r of open) r.destroy();
    internal.closeAllConnections();
    await new Promise<void>((r) => internal.close(() => r()));
    await t.close();
  });
  beforeEach(async () => {
    hits.length = 0;
    downloadsOf(t.server.running.sim).limits = { connectMs: CONNECT_TIMEOUT_MS, stallMs: STALL_TIMEOUT_MS, totalMs: TOTAL_TIMEOUT_MS,
      perAccount: MAX_DOWNLOADS_PER_ACCOUNT, maxRedirects: MAX_REDIRECTS };
    await setSites('');
  });

  const setSites = async (value: string) => {
    // An empty value is stored as the setting's default (none).
    t.server.running.sim.db.prepare(`DELETE FROM config_values WHERE name = 'secstorage.allowed.internal.sites'`).run();
    if (value) expect((await admin.call('updateConfiguration', { name: 'secstorage.allowed.internal.sites', value })).status).toBe(200);
  };
  let n = 0;
  const register = async (s: Session, url: string) => {
    const r = await s.call('registerTemplate', { name: `ssrf-${n++}`, displaytext: 'x', url, hypervisor: 'KVM', format: 'QCOW2', zoneid });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return expectList<Template>(r, 'template').items[0]!.id;
  };
  const status = async (s: Session, id: string) =>
    expectList<Template>(await s.call('listTemplates', { templatefilter: 'all', id }), 'template').items.find((x) => x.zoneid === zoneid)!;
  const end = async (s: Session, id: string): Promise<Template> => {
    for (;;) {
      const x = await status(s, id);
      if (x.isready || x.status.startsWith('Failed')) return x;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('refuses IPv4-mapped loopback from any user, without connecting', async () => {
    // These pass registerTemplate's check of the URL's text; the SSVM must refuse them when it connects.
    for (const url of [`http://[::ffff:127.0.0.1]:${port()}/b.qcow2`, `http://[::ffff:7f00:1]:${port()}/c.qcow2`]) {
      const x = await end(alice, await register(alice, url));
      expect(x.status, url).toMatch(/^Failed to download: the host .* is not allowed: it is an IPv4-mapped IPv6 address/);
    }
    expect(hits).toEqual([]);
  });

  it('refuses loopback addresses and names that resolve to loopback, even for the root admin, without connecting', async () => {
    for (const url of [`${base}/a.qcow2`, `http://localhost:${port()}/d.qcow2`, `http://[::1]:${port()}/e.qcow2`, `http://0.0.0.0:${port()}/f.qcow2`]) {
      const x = await end(admin, await register(admin, url));
      expect(x.status, url).toMatch(/^Failed to download: the host .* is not allowed/);
    }
    expect(hits).toEqual([]);
  });

  it('checks every redirect hop: a redirect to the metadata address or to a mapped loopback is refused', async () => {
    await setSites('127.0.0.1/32');
    const meta = await end(admin, await register(admin, `${base}/redirect-metadata.qcow2`));
    expect(meta.status).toMatch(/^Failed to download: the host 169\.254\.169\.254 is not allowed: it is an address in the linkLocal range/);
    const mapped = await end(admin, await register(admin, `${base}/redirect-mapped.qcow2`));
    expect(mapped.status).toMatch(/IPv4-mapped/);
    expect(hits.filter((h) => h.includes('secret'))).toEqual([]);
    const loop = await end(admin, await register(admin, `${base}/redirect-loop.qcow2`));
    expect(loop.status).toBe(`Failed to download: more than ${MAX_REDIRECTS} redirects`);
  });

  it('downloads from an internal mirror the admin allowed by CIDR', async () => {
    await setSites('10.0.0.0/8, 127.0.0.1/32');
    const ok = await end(admin, await register(admin, `${base}/mirror.qcow2`));
    expect(ok.isready).toBe(true);
    expect(ok.size).toBe(6);
  });

  it('caps the size by the declared length and by the bytes received, counting bytes as received (no decoding)', async () => {
    await setSites('127.0.0.1/32');
    downloadsOf(t.server.running.sim).limits.maxBytes = 256 * 1024;
    expect((await end(admin, await register(admin, `${base}/big-declared.qcow2`))).status).toMatch(/larger than max\.template\.iso\.size/);
    expect((await end(admin, await register(admin, `${base}/big-chunked.qcow2`))).status).toMatch(/larger than max\.template\.iso\.size/);
    const bomb = await end(admin, await register(admin, `${base}/bomb.qcow2`));
    expect(bomb.isready).toBe(true);
    expect(bomb.size).toBe(gzipSync(Buffer.alloc(20 * 1024 * 1024)).length);
  });

  it('gives up a download that trickles past the total deadline', async () => {
    await setSites('127.0.0.1/32');
    downloadsOf(t.server.running.sim).limits.totalMs = 600;
    const x = await end(admin, await register(admin, `${base}/trickle.qcow2`));
    expect(x.status).toBe('Failed to download: the download took longer than 1 s');
  });

  it('runs at most a few downloads of one account at once; the others wait their turn', async () => {
    await setSites('127.0.0.1/32');
    downloadsOf(t.server.running.sim).limits.perAccount = 2;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await register(admin, `${base}/held-${i}.qcow2`));
    // Two transfers are held open by the server; the other two wait.
    for (;;) {
      const statuses = await Promise.all(ids.map((id) => status(admin, id)));
      if (hits.filter((h) => h.startsWith('/held')).length === 2 && statuses.filter((s) => s.status.startsWith('Waiting')).length === 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(hits.filter((h) => h.startsWith('/held')).length).toBe(2);
    for (const r of open) r.destroy();
    open.clear();
    for (;;) {
      if (hits.filter((h) => h.startsWith('/held')).length === 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
});

describe('the address rules', () => {
  it('allow public unicast, refuse the internal ranges, and let the allow-list open one', () => {
    expect(refusedRange('93.184.216.34', [])).toBeUndefined();
    expect(refusedRange('2606:2800:220:1::1', [])).toBeUndefined();
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '224.0.0.1', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '100.64.0.1']) {
      expect(refusedRange(a, []), a).toBeDefined();
    }
    const allowed = parseAllowedSites('10.0.0.0/8,bogus, 0.0.0.0/0');
    expect(allowed).toHaveLength(1);
    expect(refusedRange('10.1.2.3', allowed)).toBeUndefined();
    expect(refusedRange('192.168.1.1', allowed)).toBe('private');
  });
});
