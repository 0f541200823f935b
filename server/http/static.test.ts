import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../main-lib';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('the served app', () => {
  let dir: string;
  let server: StartedServer;
  const script = `console.log(${JSON.stringify('x'.repeat(5000))});`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), script);
    server = await startServer({ port: 0, staticRoot: dir, options: { database: ':memory:', routers: 5 } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends scripts gzipped to a browser that accepts it, as they are otherwise', async () => {
    const gz = await get(`${server.url}assets/app-abc.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gz.body.length).toBeLessThan(script.length / 10);
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(`${server.url}assets/app-abc.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toMatch(/immutable/);
  });

  it('answers client-side routes with index.html and unknown files with 404', async () => {
    const route = await get(`${server.url}routers?view=pod`);
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>t</title>');
    expect(route.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get(`${server.url}assets/missing.js`)).status).toBe(404);
    expect((await get(`${server.url}..%2f..%2fetc%2fpasswd`)).body.toString()).not.toContain('root:');
  });
});
