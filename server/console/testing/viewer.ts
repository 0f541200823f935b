import WebSocket from 'ws';

/**
 * A minimal RFB viewer over a WebSocket, the way noVNC talks to a console proxy: for API tests and
 * benchmarks. It reads exact byte counts from the stream, and remembers how the WebSocket closed.
 */
export interface Closed {
  code: number;
  reason: string;
}

export class TestViewer {
  private chunks: Buffer[] = [];
  private have = 0;
  private waiter: (() => void) | undefined;
  readonly closed: Promise<Closed>;
  width = 0;
  height = 0;
  name = '';
  /** 32-bit pixels of the framebuffer as received (little-endian BGRX, as the default pixel format). */
  pixels = new Uint8Array(0);

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.chunks.push(data);
      this.have += data.length;
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.waiter?.();
      });
    });
    ws.on('error', () => undefined);
  }

  /** Opens the WebSocket (it may be closed right after, with a reason: see `closed`). */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestViewer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, ['binary'], { headers });
      const v = new TestViewer(ws);
      ws.once('open', () => resolve(v));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  async read(n: number, timeoutMs = 10_000): Promise<Buffer> {
    const until = Date.now() + timeoutMs;
    while (this.have < n) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`connection closed while waiting for ${n} bytes`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${n} bytes`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
    // Take whole chunks until n bytes are there; only the chunks needed are joined.
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const c = this.chunks[0]!;
      const need = n - got;
      if (c.length <= need) {
        parts.push(c);
        got += c.length;
        this.chunks.shift();
      } else {
        parts.push(c.subarray(0, need));
        this.chunks[0] = c.subarray(need);
        got += need;
      }
    }
    this.have -= n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  send(b: Buffer | Uint8Array): void {
    this.ws.send(b, { binary: true });
  }

  /** Version, security None, SecurityResult, ClientInit, ServerInit. Throws with the reason on failure. */
  async handshake(): Promise<void> {
    const version = (await this.read(12)).toString('latin1');
    if (version !== 'RFB 003.008\n') throw new Error(`unexpected version ${JSON.stringify(version)}`);
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const n = (await this.read(1))[0]!;
    const types = [...(await this.read(n))];
    if (!types.includes(1)) throw new Error(`security types ${types.join(',')}`);
    this.send(Buffer.from([1]));
    const result = (await this.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const len = (await this.read(4)).readUInt32BE(0);
      throw new Error(`security failed: ${(await this.read(len)).toString('utf8')}`);
    }
    this.send(Buffer.from([1]));
    const init = await this.read(24);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    const nameLen = init.readUInt32BE(20);
    this.name = (await this.read(nameLen)).toString('utf8');
    this.pixels = new Uint8Array(this.width * this.height * 4);
    if (init[4] !== 32) throw new Error(`server pixel format has ${init[4]} bits per pixel; this viewer reads 32`);
  }

  /** Asks for the whole screen (or only changes) and reads one FramebufferUpdate in Raw encoding. */
  async update(incremental: boolean): Promise<number> {
    const req = Buffer.alloc(10);
    req.writeUInt8(3, 0);
    req.writeUInt8(incremental ? 1 : 0, 1);
    req.writeUInt16BE(this.width, 6);
    req.writeUInt16BE(this.height, 8);
    this.send(req);
    return this.readUpdate();
  }

  async readUpdate(): Promise<number> {
    const head = await this.read(4);
    if (head[0] !== 0) throw new Error(`unexpected server message ${head[0]}`);
    const rects = head.readUInt16BE(2);
    let bytes = 0;
    for (let i = 0; i < rects; i++) {
      const r = await this.read(12);
      const [x, y, w, h, enc] = [r.readUInt16BE(0), r.readUInt16BE(2), r.readUInt16BE(4), r.readUInt16BE(6), r.readInt32BE(8)];
      if (enc !== 0) throw new Error(`unexpected encoding ${enc}`);
      const data = await this.read(w * h * 4);
      bytes += data.length;
      for (let row = 0; row < h; row++) this.pixels.set(data.subarray(row * w * 4, (row + 1) * w * 4), ((y + row) * this.width + x) * 4);
    }
    return bytes;
  }

  key(keysym: number, down = true): void {
    const b = Buffer.alloc(8);
    b.writeUInt8(4, 0);
    b.writeUInt8(down ? 1 : 0, 1);
    b.writeUInt32BE(keysym, 4);
    this.send(b);
  }

  type(text: string): void {
    for (const ch of text) {
      this.key(ch.charCodeAt(0), true);
      this.key(ch.charCodeAt(0), false);
    }
  }

  /** How many distinct colours the received framebuffer holds. */
  colours(): number {
    const seen = new Set<number>();
    const view = new DataView(this.pixels.buffer, this.pixels.byteOffset, this.pixels.byteLength);
    for (let i = 0; i < this.pixels.length; i += 4) seen.add(view.getUint32(i, true) & 0xffffff);
    return seen.size;
  }

  close(): void {
    this.ws.close();
  }
}
