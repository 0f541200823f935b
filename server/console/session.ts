import { connect, type Socket } from 'node:net';
import type { WebSocket, RawData } from 'ws';
import { RfbClientHandshake, RfbServerHandshake, type HandshakeStep } from './rfb';
import { CLOSE } from './tokens';
import type { VncTarget } from './guests';

/** How long both handshakes together may take. */
const HANDSHAKE_TIMEOUT_MS = 20_000;
/** Above this many bytes waiting for the browser, stop reading from the VM until it drains. */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 1 << 18;

/** A WebSocket close reason is at most 123 bytes. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out, 'utf8') > 123) out = out.slice(0, -2) + '…';
  return out;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export interface SessionOptions {
  log: (line: string) => void;
  onEnd: (session: ConsoleSession, reason: string) => void;
}

/**
 * One viewer's console session through a proxy: the browser's WebSocket on one side, a TCP connection
 * to the VM's VNC server on the other. The proxy authenticates to the VM itself, lets the viewer in
 * without authentication, then relays bytes both ways. Anything wrong ends this session alone, with a reason.
 */
export class ConsoleSession {
  private readonly vm: Socket;
  private readonly toVm: RfbClientHandshake;
  private readonly toViewer = new RfbServerHandshake();
  private relaying = false;
  private vmReady = false;
  private vmEarly: Buffer | undefined;
  private ended = false;
  private readonly timer: NodeJS.Timeout;
  readonly startedAt = Date.now();

  constructor(
    private readonly ws: WebSocket,
    target: VncTarget,
    readonly vmid: string,
    private readonly opts: SessionOptions,
  ) {
    this.toVm = new RfbClientHandshake(target.password);
    this.timer = setTimeout(() => this.end(CLOSE.protocol, 'The console handshake did not finish in time'), HANDSHAKE_TIMEOUT_MS);
    this.timer.unref();

    ws.on('message', (data, isBinary) => this.fromViewer(data, isBinary));
    ws.on('close', (code, reason) => this.end(undefined, `the viewer closed the connection (${code}${reason.length ? `: ${reason.toString('utf8').slice(0, 60)}` : ''})`));
    ws.on('error', (err) => this.end(CLOSE.protocol, `WebSocket error: ${err.message}`));

    this.vm = connect({ host: target.host, port: target.port });
    this.vm.setNoDelay(true);
    this.vm.on('data', (chunk: Buffer) => this.fromVm(chunk));
    this.vm.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      this.end(CLOSE.unavailable, code === 'ECONNREFUSED' ? "The VM's VNC server could not be reached" : `The connection to the VM's VNC server failed (${code ?? err.message})`);
    });
    this.vm.on('close', () => this.end(1000, "The VM's VNC server closed the connection"));

    this.sendViewer(this.toViewer.greeting());
    ws.resume();
  }

  /** Ends the session: closes the WebSocket with a code and reason (unless the viewer is gone) and the VM connection. */
  end(code: number | undefined, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.vm.destroy();
    if (code !== undefined && (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)) {
      this.ws.resume();
      this.ws.close(code, closeReason(reason));
      // A viewer that does not answer the close is cut off.
      setTimeout(() => this.ws.terminate(), 2000).unref();
    } else if (code === undefined) {
      this.ws.terminate();
    }
    this.opts.onEnd(this, reason);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private sendViewer(b: Buffer): void {
    if (this.ended || b.length === 0) return;
    this.ws.send(b, { binary: true }, () => {
      if (this.vm.isPaused() && this.ws.bufferedAmount < LOW_WATER) this.vm.resume();
    });
    if (this.ws.bufferedAmount > HIGH_WATER) this.vm.pause();
  }

  private sendVm(b: Buffer): void {
    if (this.ended || b.length === 0) return;
    if (!this.vm.write(b)) {
      this.ws.pause();
      this.vm.once('drain', () => this.ws.resume());
    }
  }

  private fromViewer(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    if (!isBinary) {
      this.end(1003, 'The console accepts binary WebSocket frames only');
      return;
    }
    const chunk = toBuffer(data);
    if (this.relaying) {
      this.sendVm(chunk);
      return;
    }
    const step = this.toViewer.feed(chunk);
    this.apply(step, (b) => this.sendViewer(b));
    if (step.error) {
      this.end(CLOSE.protocol, step.error);
      return;
    }
    this.tryOpen();
  }

  private fromVm(chunk: Buffer): void {
    if (this.ended) return;
    if (this.relaying) {
      this.sendViewer(chunk);
      return;
    }
    if (this.vmReady) {
      this.vmEarly = this.vmEarly ? Buffer.concat([this.vmEarly, chunk]) : chunk;
      return;
    }
    const step = this.toVm.feed(chunk);
    this.apply(step, (b) => this.sendVm(b));
    if (step.error) {
      this.opts.log(`console session for VM ${this.vmid}: ${step.error}`);
      if (this.toViewer.state === 'awaiting-vm') this.apply(this.toViewer.reject(step.error), (b) => this.sendViewer(b));
      this.end(CLOSE.vmRefused, step.error);
      return;
    }
    if (this.toVm.state === 'done') {
      this.vmReady = true;
      if (step.leftover?.length) this.vmEarly = step.leftover;
      this.tryOpen();
    }
  }

  private apply(step: HandshakeStep, send: (b: Buffer) => void): void {
    for (const b of step.send) send(b);
  }

  /** Both sides are through their handshakes: tell the viewer, and start relaying. */
  private tryOpen(): void {
    if (this.relaying || !this.vmReady || this.toViewer.state !== 'awaiting-vm') return;
    const step = this.toViewer.accept();
    this.apply(step, (b) => this.sendViewer(b));
    this.relaying = true;
    clearTimeout(this.timer);
    if (step.leftover?.length) this.sendVm(step.leftover);
    if (this.vmEarly?.length) this.sendViewer(this.vmEarly);
    this.vmEarly = undefined;
  }
}
