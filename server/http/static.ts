import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PLANS_API } from '../../src/api/plans';
import { indexFor } from './firstView';

/** Extensions of the built app worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.map', '.txt', '.wasm']);
/** Files smaller than this are sent as they are (the encoding's framing would outweigh the gain). */
const MIN_COMPRESS = 1024;

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the built app that lacks them or whose
 * originals are newer (brotli at its best quality, gzip at 9), each through a temporary file renamed into
 * place so that a reader never sees half a file. Runs in zlib's thread pool; resolves when all are written.
 * Errors (a read-only folder) leave the files as they were: the answer is then compressed on the fly.
 */
export async function precompressAssets(root: string): Promise<number> {
  let written = 0;
  const walk = (dir: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => {
      const p = join(dir, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) return [];
      if (st.isDirectory()) return walk(p);
      return COMPRESSIBLE.has(extname(n)) && st.size >= MIN_COMPRESS ? [p] : [];
    });
  };
  for (const file of walk(resolve(root))) {
    const mtime = statSync(file).mtimeMs;
    for (const [ext, make] of [
      ['.br', () => createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })],
      ['.gz', () => createGzip({ level: 9 })],
    ] as const) {
      const target = `${file}${ext}`;
      const st = statSync(target, { throwIfNoEntry: false });
      if (st && st.mtimeMs >= mtime) continue;
      const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await pipeline(createReadStream(file), make(), createWriteStream(tmp));
        renameSync(tmp, target);
        written++;
      } catch {
        // The folder may be read-only: answers are then compressed per request.
      }
    }
  }
  return written;
}

/** Whether a path names a client-side route of the app (no extension, or .html) rather than a file. */
function isRoute(pathname: string): boolean {
  const ext = extname(pathname);
  return !ext || ext === '.html';
}

/**
 * Serves the built app from `root` with @fastify/static: precompressed .br/.gz variants when the browser
 * accepts them, hashed assets cached for a year, everything else revalidated; dotfiles are not served.
 * Paths that are not files answer index.html when they look like client-side routes (no extension), else 404;
 * an app that is not built answers 503 saying so. Methods other than GET and HEAD answer 405.
 */
export async function registerStatic(app: FastifyInstance, root: string): Promise<void> {
  const base = resolve(root);
  await app.register(fastifyStatic, {
    root: base,
    prefix: '/',
    wildcard: true,
    index: false,
    dotfiles: 'ignore',
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders: (res, path) => {
      res.header('Cache-Control', path.startsWith(join(base, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Precompression runs in the background: until it is done the answers are compressed per request.
  if (existsSync(base)) void precompressAssets(base).catch(() => undefined);

  /**
   * index.html, revalidated on every load (it names the hashed assets); 503 while the app is not built. For
   * /routers, with the preload of the routers' first view (firstView.ts: indexFor).
   */
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = join(base, 'index.html');
    if (!existsSync(file)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The app is not built: run `npm run build` (npm start does it for you).\n');
    }
    if (request.method === 'GET' && request.url.split('?')[0] === '/routers') {
      return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexFor(await readFile(file, 'utf8'), request.url));
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', base);
  };
  // The site's root is the app, not a folder: @fastify/static (index: false) answers a folder 403 "Bad request"
  // to a client that does not accept a compressed variant (curl, wget, health checks).
  app.get('/', (request, reply) => sendIndex(request, reply));

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === PLANS_API || path.startsWith(`${PLANS_API}/`)) {
      // A method the plan API does not route (OPTIONS, HEAD): its own JSON error shape (src/api/plans.ts).
      const body = JSON.stringify({ error: { status: 405, message: 'Use GET, POST, PUT, DELETE or PATCH' } });
      return reply.code(405).header('Allow', 'GET, POST, PUT, DELETE, PATCH').type('application/json; charset=utf-8').send(request.method === 'HEAD' ? undefined : body);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(405).header('Allow', 'GET, HEAD').type('text/plain; charset=utf-8').send('Method not allowed\n');
    }
    const pathname = request.url.split('?')[0] ?? '/';
    if (!isRoute(pathname)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    return sendIndex(request, reply);
  });
}
