import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../main-lib';
import { precompressAssets } from './static';
import { get } from './testclient';

describe('the served app', () => {
  let parent: string;
  let dir: string;
  let server: StartedServer;
  const script = `console.log(${JSON.stringify('x'.repeat(5000))});`;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'static-'));
    dir = join(parent, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    // A sibling folder whose name starts with the root's: never served (issue 14, static-file prefix check).
    mkdirSync(join(parent, 'dist-secret'));
    writeFileSync(join(parent, 'dist-secret', 'key.txt'), 'top secret');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), script);
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    server = await startServer({ port: 0, staticRoot: dir, options: { database: ':memory:', routers: 5 } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('sends scripts brotli- or gzip-compressed to a browser that accepts it, as they are otherwise', async () => {
    const br = await get(`${server.url}assets/app-abc.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await get(`${server.url}assets/app-abc.js`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(`${server.url}assets/app-abc.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toMatch(/immutable/);
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
  });

  it('precompresses the built app beside its files, and serves those variants', async () => {
    await precompressAssets(dir);
    expect(existsSync(join(dir, 'assets', 'app-abc.js.br'))).toBe(true);
    expect(existsSync(join(dir, 'assets', 'app-abc.js.gz'))).toBe(true);
    const br = await get(`${server.url}assets/app-abc.js`, { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
  });

  it('answers the site\'s root with index.html to any client, compressed or not', async () => {
    for (const encoding of [undefined, 'identity', 'gzip']) {
      const root = await get(server.url, encoding ? { 'Accept-Encoding': encoding } : {}, '/');
      expect(root.status, encoding ?? 'no Accept-Encoding').toBe(200);
      const body = root.headers['content-encoding'] === 'gzip' ? gunzipSync(root.body) : root.body;
      expect(body.toString()).toContain('<title>t</title>');
      expect(root.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers client-side routes with index.html and unknown files with 404', async () => {
    const route = await get(`${server.url}routers?view=pod`);
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>t</title>');
    expect(route.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get(`${server.url}assets/missing.js`)).status).toBe(404);
    expect((await get(`${server.url}..%2f..%2fetc%2fpasswd`)).body.toString()).not.toContain('root:');
    expect((await get(server.url, {}, '/.env')).body.toString()).not.toContain('SECRET');
  });

  it('never serves a sibling folder whose name starts with the root folder\'s name', async () => {
    for (const path of ['/../dist-secret/key.txt', '/..%2fdist-secret%2fkey.txt', '/%2e%2e/dist-secret/key.txt', '/assets/../../dist-secret/key.txt']) {
      const r = await get(server.url, {}, path);
      expect(r.body.toString(), path).not.toContain('top secret');
    }
  });
});
