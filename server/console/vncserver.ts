import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Framebuffer, PALETTE, CELL_HEIGHT } from './framebuffer';
import { TextConsole } from './textconsole';
import { RFB_VERSION_38, SECURITY_VNC_AUTH, parseVersion, securityResult } from './rfb';
import { checkVncResponse, newChallenge } from './vncauth';

/**
 * The VNC server of one simulated guest: RFB 3.8 with VNC authentication (the VM's password), a text
 * console drawn in Raw encoding. Listens on a loopback port of its own; any number of viewers share the
 * screen and the keyboard.
 */

export interface PixelFormat {
  bpp: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  max: [number, number, number];
  shift: [number, number, number];
}

export const DEFAULT_FORMAT: PixelFormat = {
  bpp: 32, depth: 24, bigEndian: false, trueColour: true, max: [255, 255, 255], shift: [16, 8, 0],
};

export function encodePixelFormat(f: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(f.bpp, 0);
  b.writeUInt8(f.depth, 1);
  b.writeUInt8(f.bigEndian ? 1 : 0, 2);
  b.writeUInt8(f.trueColour ? 1 : 0, 3);
  b.writeUInt16BE(f.max[0], 4);
  b.writeUInt16BE(f.max[1], 6);
  b.writeUInt16BE(f.max[2], 8);
  b.writeUInt8(f.shift[0], 10);
  b.writeUInt8(f.shift[1], 11);
  b.writeUInt8(f.shift[2], 12);
  return b;
}

export function decodePixelFormat(b: Buffer): PixelFormat {
  return {
    bpp: b.readUInt8(0), depth: b.readUInt8(1), bigEndian: b.readUInt8(2) !== 0, trueColour: b.readUInt8(3) !== 0,
    max: [b.readUInt16BE(4), b.readUInt16BE(6), b.readUInt16BE(8)], shift: [b.readUInt8(10), b.readUInt8(11), b.readUInt8(12)],
  };
}

/** One colour in a client's pixel format. */
export function encodePixel(f: PixelFormat, [r, g, b]: readonly [number, number, number]): Buffer {
  const scale = (v: number, max: number) => Math.round((v * max) / 255);
  const value = ((scale(r, f.max[0]) << f.shift[0]) | (scale(g, f.max[1]) << f.shift[1]) | (scale(b, f.max[2]) << f.shift[2])) >>> 0;
  const bytes = f.bpp / 8;
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    const byte = (value >>> (8 * i)) & 0xff;
    out[f.bigEndian ? bytes - 1 - i : i] = byte;
  }
  return out;
}

/** Most a ClientCutText may carry before the connection is dropped. */
const MAX_CUT_TEXT = 1 << 20;

export interface GuestVncOptions {
  name: string;
  password: string;
  log?: (line: string) => void;
}

export class GuestVncServer {
  readonly screen: TextConsole;
  readonly fb: Framebuffer;
  private server: Server | undefined;
  private readonly conns = new Set<VncConnection>();
  port = 0;

  constructor(readonly opts: GuestVncOptions) {
    this.screen = new TextConsole(opts.name);
    this.fb = new Framebuffer(this.screen);
    this.screen.onChange(() => {
      this.fb.refresh();
      for (const c of this.conns) c.changed();
    });
  }

  listen(host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => {
        this.port = (server.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  get connections(): number {
    return this.conns.size;
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn = new VncConnection(this, socket, () => this.conns.delete(conn));
    this.conns.add(conn);
  }

  close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    this.conns.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

type ConnState = 'version' | 'security' | 'auth' | 'init' | 'normal' | 'closed';

class VncConnection {
  private state: ConnState = 'version';
  private buf: Buffer = Buffer.alloc(0);
  private challenge = newChallenge();
  private format = DEFAULT_FORMAT;
  private colours: Buffer[] = [];
  private pending: { incremental: boolean; x: number; y: number; w: number; h: number } | undefined;
  private readonly sent: number[];

  constructor(
    private readonly server: GuestVncServer,
    private readonly socket: Socket,
    private readonly onClose: () => void,
  ) {
    this.sent = new Array<number>(server.screen.rows).fill(-1);
    this.setFormat(DEFAULT_FORMAT);
    socket.on('data', (chunk: Buffer) => this.data(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
    socket.write(RFB_VERSION_38, 'latin1');
  }

  destroy(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.socket.destroy();
    this.onClose();
  }

  private fail(reason: string): void {
    this.server.opts.log?.(`guest VNC ${this.server.opts.name}: ${reason}`);
    this.destroy();
  }

  private setFormat(f: PixelFormat): void {
    this.format = f;
    this.colours = PALETTE.map((c) => encodePixel(f, c));
    // For 32-bit pixels, each colour as one machine word (read back from its bytes, so byte order is kept).
    this.words = f.bpp === 32 ? Uint32Array.from(this.colours, (b) => new Uint32Array(Uint8Array.from(b).buffer)[0]!) : undefined;
  }

  private words: Uint32Array | undefined;

  /** Pixel rows [y0, y0 + h) of the framebuffer in the client's pixel format. */
  private encodeRows(y0: number, h: number): Buffer {
    const fb = this.server.fb;
    const count = fb.width * h;
    const start = y0 * fb.width;
    if (this.words) {
      const out = new Uint32Array(count);
      const words = this.words;
      const src = fb.pixels;
      for (let i = 0; i < count; i++) out[i] = words[src[start + i]!]!;
      return Buffer.from(out.buffer);
    }
    const bpp = this.format.bpp / 8;
    const pixels = Buffer.alloc(count * bpp);
    for (let i = 0; i < count; i++) this.colours[fb.pixels[start + i]!]!.copy(pixels, i * bpp);
    return pixels;
  }

  private data(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.step()) {
      // keep consuming
    }
  }

  private take(n: number): Buffer | undefined {
    if (this.buf.length < n) return undefined;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Handles one unit of input; answers false when more bytes are needed. */
  private step(): boolean {
    switch (this.state) {
      case 'version': {
        const v = this.take(12);
        if (!v) return false;
        const version = parseVersion(v);
        if (!version || version[0] !== 3 || version[1] < 7) {
          this.fail('client version not supported');
          return false;
        }
        this.socket.write(Buffer.from([1, SECURITY_VNC_AUTH]));
        this.state = 'security';
        return true;
      }
      case 'security': {
        const t = this.take(1);
        if (!t) return false;
        if (t[0] !== SECURITY_VNC_AUTH) {
          this.socket.end(securityResult(false, 'Security type not offered'));
          this.state = 'closed';
          this.onClose();
          return false;
        }
        this.socket.write(this.challenge);
        this.state = 'auth';
        return true;
      }
      case 'auth': {
        const r = this.take(16);
        if (!r) return false;
        if (!checkVncResponse(this.server.opts.password, this.challenge, r)) {
          this.socket.end(securityResult(false, 'Authentication failed'));
          this.state = 'closed';
          this.onClose();
          return false;
        }
        this.socket.write(securityResult(true));
        this.state = 'init';
        return true;
      }
      case 'init': {
        if (!this.take(1)) return false; // shared flag: every viewer shares this screen
        const name = Buffer.from(this.server.opts.name, 'utf8');
        const head = Buffer.alloc(4);
        head.writeUInt16BE(this.server.fb.width, 0);
        head.writeUInt16BE(this.server.fb.height, 2);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(name.length);
        this.socket.write(Buffer.concat([head, encodePixelFormat(DEFAULT_FORMAT), len, name]));
        this.state = 'normal';
        return true;
      }
      case 'normal':
        return this.message();
      default:
        return false;
    }
  }

  private message(): boolean {
    if (this.buf.length < 1) return false;
    const type = this.buf[0]!;
    switch (type) {
      case 0: {
        const m = this.take(20);
        if (!m) return false;
        const f = decodePixelFormat(m.subarray(4, 20));
        if (!f.trueColour || ![8, 16, 32].includes(f.bpp)) {
          this.fail('colour-map pixel formats are not supported');
          return false;
        }
        this.setFormat(f);
        this.sent.fill(-1);
        return true;
      }
      case 2: {
        if (this.buf.length < 4) return false;
        const n = this.buf.readUInt16BE(2);
        return this.take(4 + 4 * n) !== undefined;
      }
      case 3: {
        const m = this.take(10);
        if (!m) return false;
        this.pending = { incremental: m[1] !== 0, x: m.readUInt16BE(2), y: m.readUInt16BE(4), w: m.readUInt16BE(6), h: m.readUInt16BE(8) };
        this.flush();
        return true;
      }
      case 4: {
        const m = this.take(8);
        if (!m) return false;
        this.server.screen.key(m.readUInt32BE(4), m[1] !== 0);
        return true;
      }
      case 5:
        return this.take(6) !== undefined;
      case 6: {
        if (this.buf.length < 8) return false;
        const n = this.buf.readUInt32BE(4);
        if (n > MAX_CUT_TEXT) {
          this.fail('cut text too long');
          return false;
        }
        return this.take(8 + n) !== undefined;
      }
      default:
        this.fail(`unknown message type ${type}`);
        return false;
    }
  }

  /** The screen changed: answer a waiting update request. */
  changed(): void {
    if (this.state === 'normal') this.flush();
  }

  private flush(): void {
    const req = this.pending;
    if (!req || this.socket.destroyed) return;
    const fb = this.server.fb;
    const rows: number[] = [];
    for (let r = 0; r < this.server.screen.rows; r++) {
      const [y0, y1] = fb.rowSpan(r);
      if (y1 <= req.y || y0 >= req.y + req.h) continue;
      if (req.incremental && this.sent[r] === fb.stamp[r]) continue;
      rows.push(r);
    }
    if (rows.length === 0) return; // wait for a change
    this.pending = undefined;
    const parts: Buffer[] = [];
    const head = Buffer.alloc(4);
    head.writeUInt8(0, 0);
    head.writeUInt16BE(rows.length, 2);
    parts.push(head);
    for (const r of rows) {
      const y0 = r * CELL_HEIGHT;
      const rect = Buffer.alloc(12);
      rect.writeUInt16BE(0, 0);
      rect.writeUInt16BE(y0, 2);
      rect.writeUInt16BE(fb.width, 4);
      rect.writeUInt16BE(CELL_HEIGHT, 6);
      rect.writeInt32BE(0, 8); // Raw
      parts.push(rect);
      parts.push(this.encodeRows(y0, CELL_HEIGHT));
      this.sent[r] = fb.stamp[r]!;
    }
    this.socket.write(Buffer.concat(parts));
  }
}
