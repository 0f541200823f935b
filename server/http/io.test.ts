import { createServer, type IncomingMessage, type Server } from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY, readBody, sendJson } from './io';

describe('request bodies and JSON answers shared by the simulator and the forwarder', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
  });

  /** A server that reads each body and answers its length, or the caller's error for an oversized one. */
  async function echoLength(): Promise<string> {
    server = createServer((req, res) => {
      readBody(req, () => new Error(`over ${MAX_BODY}`)).then(
        (body) => sendJson(res, 200, { length: body.length, text: body.toString('utf8').slice(0, 20) }, { 'X-Extra': 'yes' }),
        (err: Error) => {
          if (!res.headersSent) sendJson(res, 413, { error: err.message });
        },
      );
    });
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', () => listening()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('reads a body whole and answers JSON with the common headers, no caching and its length', async () => {
    const url = await echoLength();
    const res = await fetch(url, { method: 'POST', body: 'command=listZones&name=é' });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ length: Buffer.byteLength('command=listZones&name=é'), text: 'command=listZones&na' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('x-extra')).toBe('yes');
  });

  it('reads a body of exactly the limit', async () => {
    const url = await echoLength();
    const res = await fetch(url, { method: 'POST', body: 'a'.repeat(MAX_BODY) });
    expect(await res.json()).toMatchObject({ length: MAX_BODY });
  });

  it("refuses a body over the limit with the caller's error and destroys the request", async () => {
    const req = new PassThrough();
    const read = readBody(req as unknown as IncomingMessage, () => new Error('too big for this test'));
    req.write(Buffer.alloc(MAX_BODY));
    req.write(Buffer.alloc(1));
    await expect(read).rejects.toThrow('too big for this test');
    expect(req.destroyed).toBe(true);
  });
});
