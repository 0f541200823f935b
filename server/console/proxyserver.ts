import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConsoleSession, closeReason } from './session';
import type { VncTarget } from './guests';
import { serveNoVncPage } from './novncPage';

/** The largest WebSocket message a viewer may send (a paste is the largest thing noVNC sends). */
export const MAX_FRAME_BYTES = 256 * 1024;
export const WEBSOCKET_PATH = '/websockify';

export type Admission = { ok: true; vmid: string; target: VncTarget } | { ok: false; code: number; reason: string };

export interface ProxyServerOptions {
  host: string;
  /** Checks the token of a WebSocket request and finds the VM's VNC server. */
  admit(req: IncomingMessage, url: URL): Promise<Admission>;
  log: (line: string) => void;
  /** Sessions opened or ended (for the load report). */
  onSessionsChanged?: () => void;
  /**
   * Serve TLS (https and wss) with this key and certificate: `cert` is the server certificate followed by
   * its intermediates, `ca` the uploaded chain. Read when the proxy starts (a certificate upload restarts it).
   */
  tls?: { key: string; cert: string; ca?: string[] };
}

/**
 * One console proxy VM's listener: a loopback port with a WebSocket endpoint at /websockify, where noVNC
 * connects with ?token=. Stopping it ends every session it carries.
 */
export class ConsoleProxyServer {
  private readonly http: Server | TlsServer;
  private readonly wss: WebSocketServer;
  private readonly live = new Set<ConsoleSession>();
  port = 0;
  /** True when this proxy serves TLS. */
  readonly secure: boolean;
  private stopping = false;

  constructor(
    readonly id: string,
    private readonly opts: ProxyServerOptions,
  ) {
    const notFound: RequestListener = (req, res) => {
      const body = 'This is a console proxy. Consoles are opened from the CloudStack console app.\n';
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // The noVNC page of createConsoleEndpoint's url (/resource/noVNC/vnc.html), as a CPVM serves it.
    const answer: RequestListener = (req, res) => {
      serveNoVncPage(req, res).then(
        (served) => { if (!served) notFound(req, res); },
        () => { if (!res.headersSent) notFound(req, res); },
      );
    };
    this.http = opts.tls ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca }, answer) : createServer(answer);
    this.secure = !!opts.tls;
    this.wss = new WebSocketServer({
      server: this.http,
      path: WEBSOCKET_PATH,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
    });
    this.wss.on('connection', (ws, req) => this.connection(ws, req));
    this.wss.on('error', (err) => opts.log(`console proxy ${id}: ${err.message}`));
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, this.opts.host, () => {
        this.port = (this.http.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  get sessions(): number {
    return this.live.size;
  }

  private connection(ws: WebSocket, req: IncomingMessage): void {
    ws.pause(); // nothing is read until the token is checked
    ws.on('error', () => ws.terminate());
    const refuse = (code: number, reason: string) => {
      ws.resume(); // to read the viewer's answer to the close
      ws.close(code, closeReason(reason));
      setTimeout(() => ws.terminate(), 2000).unref();
    };
    if (this.stopping) {
      refuse(1001, 'The console proxy is stopping');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://proxy');
    this.opts
      .admit(req, url)
      .then((a) => {
        if (ws.readyState !== ws.OPEN) return;
        if (!a.ok) {
          this.opts.log(`console proxy ${this.id}: refused a viewer: ${a.reason}`);
          refuse(a.code, a.reason);
          return;
        }
        if (this.stopping) {
          refuse(1001, 'The console proxy is stopping');
          return;
        }
        const session = new ConsoleSession(ws, a.target, a.vmid, {
          log: this.opts.log,
          onEnd: (s, reason) => {
            this.live.delete(s);
            this.opts.log(`console proxy ${this.id}: session for VM ${s.vmid} ended: ${reason}`);
            this.opts.onSessionsChanged?.();
          },
        });
        if (!session.isEnded) {
          this.live.add(session);
          this.opts.onSessionsChanged?.();
        }
      })
      .catch((err: unknown) => {
        this.opts.log(`console proxy ${this.id}: admission failed: ${(err as Error).message}`);
        if (ws.readyState === ws.OPEN) refuse(1011, 'The console proxy could not open this console');
      });
  }

  /** Ends every session with a reason and closes the listener. */
  async stop(reason = 'The console proxy is stopping'): Promise<void> {
    this.stopping = true;
    for (const s of [...this.live]) s.end(1001, reason);
    for (const ws of this.wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.resume();
      ws.close(1001, closeReason(reason));
    }
    // Give the close frames a moment to reach the viewers, then cut off whoever is left.
    const until = Date.now() + 1000;
    while (this.wss.clients.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
