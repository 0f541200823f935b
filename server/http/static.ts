import { createReadStream, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** Serves the built app from `root`; paths without a file fall back to index.html (client-side routes). */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  const base = resolve(root);
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = '/';
  }
  let file = normalize(join(base, path));
  if (!file.startsWith(base)) file = join(base, 'index.html');
  let st = safeStat(file);
  if (!st || st.isDirectory()) {
    if (extname(path) && !path.endsWith('.html')) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    file = join(base, 'index.html');
    st = safeStat(file);
  }
  if (!st) {
    res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The app is not built: run `npm run build` (npm start does it for you).');
    return;
  }
  const immutable = file.includes(`${join(base, 'assets')}`);
  const gzipped = acceptsGzip(req) ? compressed(file, st.mtimeMs, st.size) : undefined;
  if (gzipped) {
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Encoding': 'gzip',
      'Content-Length': String(gzipped.length),
      Vary: 'Accept-Encoding',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : gzipped);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(st.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map', '.txt']);
const gzipCache = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

/** The file gzipped once and kept in memory while it is unchanged; undefined for what does not compress. */
function compressed(file: string, mtimeMs: number, size: number): Buffer | undefined {
  if (!COMPRESSIBLE.has(extname(file)) || size < 1024) return undefined;
  const hit = gzipCache.get(file);
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.body;
  const body = gzipSync(readFileSync(file), { level: 9 });
  gzipCache.set(file, { mtimeMs, size, body });
  return body;
}

function safeStat(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
