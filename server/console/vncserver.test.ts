import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PALETTE } from './framebuffer';
import { RfbClientHandshake } from './rfb';
import { TextConsole, KEY } from './textconsole';
import { DEFAULT_FORMAT, GuestVncServer, encodePixel, encodePixelFormat, type PixelFormat } from './vncserver';

/** Reads exact byte counts from a socket. */
function reader(sock: Socket) {
  let buf = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  sock.on('data', (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
    wake?.();
  });
  sock.on('close', () => wake?.());
  return async (n: number): Promise<Buffer> => {
    while (buf.length < n) {
      if (sock.destroyed) throw new Error('closed');
      await new Promise<void>((r) => (wake = r));
    }
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
}

async function authenticate(port: number, password: string) {
  const sock = connect(port, '127.0.0.1');
  const read = reader(sock);
  const h = new RfbClientHandshake(password);
  let step = h.feed(await read(12));
  step.send.forEach((b) => sock.write(b));
  step = h.feed(Buffer.concat([await read(1), await read(1)]));
  step.send.forEach((b) => sock.write(b));
  step = h.feed(await read(16));
  step.send.forEach((b) => sock.write(b));
  const result = await read(4);
  return { sock, read, result: result.readUInt32BE(0) };
}

describe('TextConsole', () => {
  it('shows the name and a login prompt, echoes typed keys, hides the password', () => {
    const t = new TextConsole('vm-7');
    expect(t.text()).toContain('vm-7 login:');
    for (const ch of 'root') t.key(ch.charCodeAt(0), true);
    t.key(KEY.BackSpace, true);
    t.key(0x74, true);
    expect(t.text()).toMatch(/vm-7 login: root$/m);
    t.key(KEY.Return, true);
    for (const ch of 'secret') t.key(ch.charCodeAt(0), true);
    expect(t.text()).not.toContain('secret');
    t.key(KEY.Return, true);
    expect(t.text()).toContain('Login incorrect');
  });

  it('answers Ctrl-Alt-Del with a reboot message', () => {
    const t = new TextConsole('vm-7');
    t.key(KEY.Control_L, true);
    t.key(KEY.Alt_L, true);
    t.key(KEY.Delete, true);
    expect(t.text()).toContain('going down for reboot');
  });

  it('scrolls without losing the title row', () => {
    const t = new TextConsole('vm-7');
    for (let i = 0; i < 40; i++) t.key(KEY.Return, true);
    expect(t.lines[0]).toContain('vm-7 - CloudStack');
    expect(t.lines[t.rows - 1]).toContain('vm-7 login:');
  });
});

describe('encodePixel', () => {
  it('packs colours into the client pixel format', () => {
    expect([...encodePixel(DEFAULT_FORMAT, [12, 16, 24])]).toEqual([24, 16, 12, 0]);
    const be565: PixelFormat = { bpp: 16, depth: 16, bigEndian: true, trueColour: true, max: [31, 63, 31], shift: [11, 5, 0] };
    expect([...encodePixel(be565, [255, 255, 255])]).toEqual([0xff, 0xff]);
    expect([...encodePixel(be565, [255, 0, 0])]).toEqual([0xf8, 0x00]);
    const bgr233: PixelFormat = { bpp: 8, depth: 8, bigEndian: false, trueColour: true, max: [7, 7, 3], shift: [0, 3, 6] };
    expect([...encodePixel(bgr233, [0, 0, 255])]).toEqual([0xc0]);
  });
});

describe('GuestVncServer', () => {
  let server: GuestVncServer;
  beforeAll(async () => {
    server = new GuestVncServer({ name: 'vm-42', password: 'pa55word' });
    await server.listen();
  });
  afterAll(() => server.close());

  it('refuses a wrong password with a reason', async () => {
    const { sock, read, result } = await authenticate(server.port, 'nope');
    expect(result).toBe(1);
    const len = (await read(4)).readUInt32BE(0);
    expect((await read(len)).toString()).toBe('Authentication failed');
    sock.destroy();
  });

  it('serves the screen in the pixel format the client asks for, and takes keys', async () => {
    const { sock, read, result } = await authenticate(server.port, 'pa55word');
    expect(result).toBe(0);
    sock.write(Buffer.from([1]));
    const init = await read(24);
    expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([640, 400]);
    expect((await read(init.readUInt32BE(20))).toString()).toBe('vm-42');

    // 32 bits big-endian with red in the low byte.
    const f: PixelFormat = { bpp: 32, depth: 24, bigEndian: true, trueColour: true, max: [255, 255, 255], shift: [0, 8, 16] };
    sock.write(Buffer.concat([Buffer.from([0, 0, 0, 0]), encodePixelFormat(f)]));
    const req = Buffer.alloc(10);
    req.writeUInt8(3, 0);
    req.writeUInt16BE(640, 6);
    req.writeUInt16BE(16, 8);
    sock.write(req);
    const head = await read(4);
    expect(head.readUInt16BE(2)).toBe(1);
    const rect = await read(12);
    expect([rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)]).toEqual([640, 16, 0]);
    const pixels = await read(640 * 16 * 4);
    // The first pixel is the title bar's colour, in that format.
    expect([...pixels.subarray(0, 4)]).toEqual([...encodePixel(f, PALETTE[2]!)]);

    const key = Buffer.alloc(8);
    key.writeUInt8(4, 0);
    key.writeUInt8(1, 1);
    key.writeUInt32BE(0x71, 4); // 'q'
    sock.write(key);
    req.writeUInt8(1, 1); // incremental: only what changed
    req.writeUInt16BE(400, 8);
    sock.write(req);
    const upd = await read(4);
    expect(upd.readUInt16BE(2)).toBeGreaterThan(0);
    expect(server.screen.text()).toMatch(/vm-42 login: q$/m);
    sock.destroy();
  });

  it('drops a client that sends an unknown message', async () => {
    const { sock, result } = await authenticate(server.port, 'pa55word');
    expect(result).toBe(0);
    sock.write(Buffer.from([1]));
    sock.write(Buffer.from([0x99]));
    await new Promise<void>((r) => sock.once('close', () => r()));
    expect(sock.destroyed).toBe(true);
  });
});
