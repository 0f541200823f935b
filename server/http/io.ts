import type { IncomingMessage, ServerResponse } from 'node:http';
import { commonHeaders } from './security';

/** The largest request body either serving process reads (the simulator's API and the forwarder). */
export const MAX_BODY = 4 * 1024 * 1024;

/**
 * Reads a request body of at most MAX_BODY bytes. A larger one is refused with the caller's error (each
 * process words it its own way) and the request is destroyed.
 */
export function readBody(req: IncomingMessage, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A JSON answer with the common headers, never cached; `extra` adds or overrides headers (Set-Cookie, Allow,
 * Content-Type). A string body is sent as it is (an answer serialized already, JSON or XML).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string | string[]> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...commonHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}
