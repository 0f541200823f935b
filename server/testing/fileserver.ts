import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small HTTP file server for tests, on 127.0.0.1 and a free port: it serves generated files (the
 * "template images" the simulated secondary storage VM downloads), honours Range requests, and can
 * hold a transfer part-way until the test releases it, so a test sees a download in progress without
 * relying on timing.
 */
export interface ServedFile {
  body: Buffer;
  /** Stop after sending this many bytes of a response, until `release()` is called. */
  holdAt?: number;
  /** Answer with this status instead of the file (e.g. 404, 500). */
  status?: number;
  /** Leave out Content-Length (a chunked response of unknown length). */
  noLength?: boolean;
  /** Ignore Range requests (always answer 200 with the whole file). */
  noRanges?: boolean;
}

export interface FileServer {
  url: string;
  /** Requests received, in order: path and the Range header. */
  requests: { path: string; range?: string }[];
  add(path: string, file: ServedFile): string;
  /** Lets held transfers go on to the end. */
  release(): void;
  /** Resolves when some response has sent `holdAt` bytes and is waiting. */
  held(): Promise<void>;
  close(): Promise<void>;
}

/** Deterministic pseudo-random bytes (so a checksum can be computed in the test). */
export function generatedImage(size: number, seed = 1): Buffer {
  const buf = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

const CHUNK = 64 * 1024;

export async function startFileServer(): Promise<FileServer> {
  /** Each file has its own gate: release() opens the gates of the files added so far. */
  const files = new Map<string, { file: ServedFile; gate: { open: boolean; waiters: (() => void)[] } }>();
  const requests: FileServer['requests'] = [];
  const sockets = new Set<Socket>();
  let waiting = 0;
  let heldWaiters: (() => void)[] = [];

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range;
    requests.push({ path, range });
    const entry = files.get(path);
    if (!entry) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const { file, gate } = entry;
    if (file.status) {
      res.writeHead(file.status, { 'Content-Type': 'text/plain' });
      res.end('refused');
      return;
    }
    let start = 0;
    const m = !file.noRanges && range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m && Number(m[1]) < file.body.length) start = Number(m[1]);
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': file.noRanges ? 'none' : 'bytes' };
    if (!file.noLength) headers['Content-Length'] = String(file.body.length - start);
    if (start > 0) headers['Content-Range'] = `bytes ${start}-${file.body.length - 1}/${file.body.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    let sent = start;
    while (sent < file.body.length) {
      const holding = file.holdAt !== undefined && !gate.open;
      if (holding && sent >= file.holdAt!) {
        waiting += 1;
        for (const w of heldWaiters) w();
        heldWaiters = [];
        await new Promise<void>((r) => gate.waiters.push(r));
        waiting -= 1;
        continue;
      }
      if (res.destroyed) return;
      const end = Math.min(file.body.length, sent + CHUNK, holding ? file.holdAt! : Infinity);
      const ok = res.write(file.body.subarray(sent, end));
      sent = end;
      if (!ok) await new Promise<void>((r) => res.once('drain', () => r()));
    }
    res.end();
  }

  const server: Server = createServer((req, res) => {
    serve(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const openAll = () => {
    for (const { gate } of files.values()) {
      gate.open = true;
      for (const w of gate.waiters) w();
      gate.waiters = [];
    }
  };

  return {
    url,
    requests,
    add(path, file) {
      files.set(path, { file, gate: { open: false, waiters: [] } });
      return `${url}${path}`;
    },
    release: openAll,
    held() {
      return waiting > 0 ? Promise.resolve() : new Promise<void>((r) => heldWaiters.push(r));
    },
    close() {
      openAll();
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
