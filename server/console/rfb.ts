import { vncAuthResponse } from './vncauth';

/**
 * The RFB (VNC) security handshake as two small state machines, free of sockets so that they can be
 * tested alone. Each is fed the bytes that arrive and answers what to send back and where it stands.
 *
 * - RfbServerHandshake: the console proxy's side towards the browser (noVNC). It offers RFB 3.8 and the
 *   security type None; the SecurityResult waits until the proxy has authenticated to the VM, so that a
 *   failure there reaches the viewer as a readable reason.
 * - RfbClientHandshake: the console proxy's side towards the VM's VNC server. It speaks 3.3, 3.7 or 3.8,
 *   answers VNC authentication (DES challenge) with the VM's password, or takes None when offered.
 *
 * After either reaches 'done', the bytes that follow (ClientInit, ServerInit, messages) are relayed as they are.
 */

export const RFB_VERSION_38 = 'RFB 003.008\n';
export const SECURITY_NONE = 1;
export const SECURITY_VNC_AUTH = 2;

export interface HandshakeStep {
  /** Bytes to send to the peer, in order. */
  send: Buffer[];
  /** Bytes received past the end of the handshake (belong to the relay). */
  leftover?: Buffer;
  /** Set once the handshake failed: a reason a person can read. */
  error?: string;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** A SecurityResult: 0 is OK; a failure carries a reason string in RFB 3.8. */
export function securityResult(ok: boolean, reason?: string): Buffer {
  if (ok) return u32(0);
  const text = Buffer.from(reason ?? 'Authentication failed', 'utf8');
  return Buffer.concat([u32(1), u32(text.length), text]);
}

/** Parses "RFB 003.008\n"; answers [major, minor] or undefined. */
export function parseVersion(b: Buffer): [number, number] | undefined {
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(b.toString('latin1'));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Accumulates bytes and hands out exact amounts. */
class ByteQueue {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
  }
  get length(): number {
    return this.buf.length;
  }
  peek(n: number): Buffer | undefined {
    return this.buf.length >= n ? this.buf.subarray(0, n) : undefined;
  }
  take(n: number): Buffer | undefined {
    if (this.buf.length < n) return undefined;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  rest(): Buffer {
    const out = this.buf;
    this.buf = Buffer.alloc(0);
    return out;
  }
}

export type ServerHandshakeState = 'version' | 'security' | 'awaiting-vm' | 'done' | 'failed';

/** The proxy's side towards the browser: RFB 3.8, security type None. */
export class RfbServerHandshake {
  state: ServerHandshakeState = 'version';
  private readonly q = new ByteQueue();
  private minor = 8;

  /** The first bytes to send: the protocol version. */
  greeting(): Buffer {
    return Buffer.from(RFB_VERSION_38, 'latin1');
  }

  feed(chunk: Buffer): HandshakeStep {
    if (this.state === 'done' || this.state === 'failed') return { send: [], leftover: chunk };
    this.q.push(chunk);
    const send: Buffer[] = [];
    for (;;) {
      if (this.state === 'version') {
        const v = this.q.take(12);
        if (!v) return { send };
        const version = parseVersion(v);
        if (!version || version[0] !== 3 || (version[1] !== 7 && version[1] !== 8)) {
          this.state = 'failed';
          return { send, error: 'The viewer did not answer with RFB version 3.7 or 3.8' };
        }
        this.minor = version[1];
        send.push(Buffer.from([1, SECURITY_NONE]));
        this.state = 'security';
        continue;
      }
      if (this.state === 'security') {
        const t = this.q.take(1);
        if (!t) return { send };
        if (t[0] !== SECURITY_NONE) {
          this.state = 'failed';
          return { send, error: `The viewer chose security type ${t[0]}, which was not offered` };
        }
        this.state = 'awaiting-vm';
        continue;
      }
      // awaiting-vm: the viewer may already send ClientInit; keep it for the relay.
      return { send };
    }
  }

  /** The proxy is through to the VM: tell the viewer security passed. Answers the bytes to send and any early data. */
  accept(): HandshakeStep {
    if (this.state !== 'awaiting-vm') throw new Error(`cannot accept in state ${this.state}`);
    this.state = 'done';
    // RFB 3.7 sends no SecurityResult after None; 3.8 does.
    return { send: this.minor === 8 ? [securityResult(true)] : [], leftover: this.q.rest() };
  }

  /** The proxy could not get through to the VM: tell the viewer why (3.8 carries the reason). */
  reject(reason: string): HandshakeStep {
    this.state = 'failed';
    return { send: this.minor === 8 ? [securityResult(false, reason)] : [], error: reason };
  }
}

export type ClientHandshakeState = 'version' | 'security' | 'security33' | 'challenge' | 'result' | 'reason' | 'done' | 'failed';

/** The proxy's side towards the VM's VNC server. */
export class RfbClientHandshake {
  state: ClientHandshakeState = 'version';
  private readonly q = new ByteQueue();
  private minor = 8;
  private chosen = 0;

  constructor(private readonly password: string | undefined) {}

  feed(chunk: Buffer): HandshakeStep {
    if (this.state === 'done' || this.state === 'failed') return { send: [], leftover: chunk };
    this.q.push(chunk);
    const send: Buffer[] = [];
    const fail = (error: string): HandshakeStep => {
      this.state = 'failed';
      return { send, error };
    };
    for (;;) {
      switch (this.state) {
        case 'version': {
          const v = this.q.take(12);
          if (!v) return { send };
          const version = parseVersion(v);
          if (!version || version[0] !== 3) return fail("The VM's VNC server does not speak RFB 3.x");
          this.minor = version[1] >= 8 ? 8 : version[1] === 7 ? 7 : 3;
          send.push(Buffer.from(`RFB 003.00${this.minor}\n`, 'latin1'));
          this.state = this.minor === 3 ? 'security33' : 'security';
          continue;
        }
        case 'security33': {
          // RFB 3.3: the server decides, as a 32-bit type (0 = failure with a reason).
          const t = this.q.peek(4);
          if (!t) return { send };
          const type = t.readUInt32BE(0);
          if (type === 0) {
            this.state = 'reason';
            this.q.take(4);
            continue;
          }
          this.q.take(4);
          if (type === SECURITY_NONE) {
            this.state = 'done';
            return { send, leftover: this.q.rest() };
          }
          if (type !== SECURITY_VNC_AUTH) return fail(`The VM's VNC server wants security type ${type}, which the proxy does not speak`);
          if (this.password === undefined) return fail("The VM's VNC server wants a password and none is known");
          this.chosen = SECURITY_VNC_AUTH;
          this.state = 'challenge';
          continue;
        }
        case 'security': {
          const n = this.q.peek(1);
          if (!n) return { send };
          if (n[0] === 0) {
            this.q.take(1);
            this.state = 'reason';
            continue;
          }
          const all = this.q.take(1 + n[0]!);
          if (!all) return { send };
          const types = [...all.subarray(1)];
          if (types.includes(SECURITY_VNC_AUTH) && this.password !== undefined) this.chosen = SECURITY_VNC_AUTH;
          else if (types.includes(SECURITY_NONE)) this.chosen = SECURITY_NONE;
          else return fail(`The VM's VNC server offers security types ${types.join(', ')}; the proxy speaks VNC authentication (2) and None (1)`);
          send.push(Buffer.from([this.chosen]));
          if (this.chosen === SECURITY_NONE && this.minor === 7) {
            this.state = 'done';
            return { send, leftover: this.q.rest() };
          }
          this.state = this.chosen === SECURITY_VNC_AUTH ? 'challenge' : 'result';
          continue;
        }
        case 'challenge': {
          const c = this.q.take(16);
          if (!c) return { send };
          send.push(vncAuthResponse(this.password ?? '', c));
          this.state = 'result';
          continue;
        }
        case 'result': {
          const r = this.q.peek(4);
          if (!r) return { send };
          const status = r.readUInt32BE(0);
          if (status === 0) {
            this.q.take(4);
            this.state = 'done';
            return { send, leftover: this.q.rest() };
          }
          if (this.minor === 8) {
            this.q.take(4);
            this.state = 'reason';
            continue;
          }
          this.q.take(4);
          return fail("The VM's VNC server refused the proxy's password");
        }
        case 'reason': {
          const len = this.q.peek(4);
          if (!len) return { send };
          const n = len.readUInt32BE(0);
          if (n > 4096) return fail("The VM's VNC server refused the connection");
          const all = this.q.take(4 + n);
          if (!all) return { send };
          const text = all.subarray(4).toString('utf8').replace(/[^\x20-\x7e]/g, '?');
          return fail(`The VM's VNC server refused the connection: ${text || 'no reason given'}`);
        }
        default:
          return { send };
      }
    }
  }

  /** The security type chosen (1 None, 2 VNC authentication), 0 before the choice. */
  get securityType(): number {
    return this.chosen;
  }
}
