import type { IncomingMessage } from 'node:http';
import type { Caller } from '../api/context';
import type { Db } from '../db/database';
import type { Settings } from '../settings/settings';
import { ApiError, notPermitted } from '../api/errors';
import { findSession } from '../auth/sessions';
import { callerById } from '../auth/callers';
import { parseCookies } from '../http/security';
import { assignProxy, type ProxyLoad } from './assignment';
import { GuestConsoles } from './guests';
import { ConsoleProxyServer, WEBSOCKET_PATH, type Admission } from './proxyserver';
import { CLOSE, ConsoleTokens, MAX_UNUSED_TOKENS_PER_ACCOUNT } from './tokens';
import { findConsoleVm, mayOpenConsole } from './vms';
import { diagnoseProxy, systemLookup, type Lookup } from './diagnose';
import type { ConsoleDiagnosis } from '../../src/api/consoleDiagnosis';

/** How long the proxy address of an issued console token can be diagnosed (ms): the token's life and a margin. */
export const DIAGNOSABLE_MS = 5 * 60_000;

/** The proxy address a createConsoleEndpoint answer named, kept for its diagnosis. */
interface IssuedEndpoint {
  userid: string;
  host: string;
  port: number;
  secure: boolean;
  at: number;
}

/** How often a console proxy reports its session count (ConsoleProxyGCThread: every 5000 ms). */
const LOAD_REPORT_INTERVAL_MS = 5000;

export interface ConsoleServiceDeps {
  db: Db;
  settings: Settings;
  /** The address the console proxies listen on (loopback). */
  host: string;
  log: (line: string) => void;
}

/** The certificate the console proxies serve once one is uploaded (server/certificates/). */
export interface ConsoleTls {
  key: string;
  /** The server certificate followed by its intermediates. */
  cert: string;
  ca: string[];
  /** consoleproxy.url.domain: `*.consoleproxy.company.com`, or one fixed name. */
  domainsuffix: string;
}

export interface ConsoleEndpointAnswer {
  success: boolean;
  details?: string;
  url?: string;
  websocket?: { token: string; host: string; port: string; path: string; extra?: string };
  /** Whether the proxy serves TLS (wss, and https for its page). */
  secure?: boolean;
}

/**
 * The console proxies of the simulated cloud: one listener per running console proxy VM, the tokens that
 * admit viewers, the guests' VNC servers, and the periodic load report.
 */
export class ConsoleService {
  readonly tokens = new ConsoleTokens();
  readonly guests: GuestConsoles;
  /** Unused console tokens one account may hold (tokens.ts); a test opening many consoles at once raises it. */
  maxUnusedTokensPerAccount = MAX_UNUSED_TOKENS_PER_ACCOUNT;
  /** Admissions per proxy still opening their VNC connection (counted against consoleproxy.session.max). */
  private readonly admitting = new Map<string, number>();
  private readonly proxies = new Map<string, { server: ConsoleProxyServer; ready: Promise<void>; listening: boolean; domain?: string }>();
  private tls: (() => ConsoleTls | undefined) | undefined;
  /** Console tokens issued lately and the proxy address each answer named: token -> endpoint. */
  private readonly issued = new Map<string, IssuedEndpoint>();
  /** How the diagnosis resolves proxy names (tests map test names to the loopback address, as the browser does). */
  lookup: Lookup = systemLookup;
  /** The CA certificates the diagnosis trusts (default: the system trust store). */
  diagnosisCa: string[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: ConsoleServiceDeps) {
    this.guests = new GuestConsoles(deps.db, deps.host, deps.log);
  }

  /**
   * Where the certificate comes from: each proxy asks when it starts, and serves TLS under the
   * aaa-bbb-ccc-ddd.<domain> name when there is one. Proxies already listening keep what they have until
   * they restart (a certificate upload reboots them).
   */
  useTls(provider: () => ConsoleTls | undefined): void {
    this.tls = provider;
  }

  /** Opens a listener for every running console proxy and starts the load report. */
  start(): void {
    this.sync();
    this.schedule();
  }

  /** Resolves once every proxy started so far listens. */
  async ready(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.ready.catch(() => undefined)));
  }

  /** Opens the listener of a console proxy VM (no-op when it is open already). */
  startProxy(id: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const existing = this.proxies.get(id);
    if (existing) return existing.ready;
    let tls: ConsoleTls | undefined;
    try {
      tls = this.tls?.();
    } catch (err) {
      this.deps.log(`console proxy ${id}: no certificate: ${(err as Error).message}`);
    }
    const server = new ConsoleProxyServer(id, {
      host: this.deps.host,
      log: this.deps.log,
      admit: (req, url) => this.admit(id, req, url),
      onSessionsChanged: () => undefined,
      ...(tls ? { tls: { key: tls.key, cert: tls.cert, ca: tls.ca } } : {}),
    });
    const entry: { server: ConsoleProxyServer; listening: boolean; ready: Promise<void>; domain?: string } = { server, listening: false, ready: Promise.resolve() };
    if (tls) entry.domain = tls.domainsuffix;
    entry.ready = server.listen().then(
      (port) => {
        entry.listening = true;
        this.deps.log(`console proxy ${id} listening on ${this.deps.host}:${port}${entry.domain ? ` (TLS for ${entry.domain})` : ''}`);
      },
      (err: Error) => {
        this.deps.log(`console proxy ${id} could not listen: ${err.message}`);
        this.proxies.delete(id);
      },
    );
    this.proxies.set(id, entry);
    return entry.ready;
  }

  /** Closes a console proxy's listener, ending its sessions with the reason. */
  async stopProxy(id: string, reason = 'The console proxy was stopped'): Promise<void> {
    const entry = this.proxies.get(id);
    if (!entry) return;
    this.proxies.delete(id);
    await entry.ready;
    await entry.server.stop(reason);
    this.report();
  }

  /** Hooks in the shape the system VM jobs call (server/systemvms/lifecycle.ts). */
  hooks() {
    return {
      started: (id: string) => void this.startProxy(id),
      stopping: (id: string, reason: string) => void this.stopProxy(id, reason),
      destroyed: (id: string) => void this.stopProxy(id, 'The console proxy was destroyed'),
      activeSessions: (id: string) => this.activeSessions(id),
    };
  }

  /** The loopback port of a running proxy's listener. */
  port(id: string): number | undefined {
    const e = this.proxies.get(id);
    return e?.listening ? e.server.port : undefined;
  }

  activeSessions(id: string): number {
    return this.proxies.get(id)?.server.sessions ?? 0;
  }

  /** Follows the database: listeners for Running console proxies, none for the others. */
  sync(): void {
    const rows = this.deps.db.prepare("SELECT id, state FROM systemvms WHERE systemvmtype = 'consoleproxy'").all() as { id: string; state: string }[];
    const running = new Set(rows.filter((r) => r.state === 'Running').map((r) => r.id));
    for (const id of running) if (!this.proxies.has(id)) void this.startProxy(id);
    for (const id of [...this.proxies.keys()]) if (!running.has(id)) void this.stopProxy(id, 'The console proxy is no longer running');
  }

  /** Writes each console proxy's active session count into systemvms.data.activeviewersessions. */
  report(): void {
    if (this.closed) return;
    const rows = this.deps.db.prepare("SELECT id FROM systemvms WHERE systemvmtype = 'consoleproxy'").all() as { id: string }[];
    const update = this.deps.db.prepare("UPDATE systemvms SET data = json_set(data, '$.activeviewersessions', ?) WHERE id = ?");
    this.deps.db.transaction(() => {
      for (const r of rows) update.run(this.activeSessions(r.id), r.id);
    })();
  }

  private schedule(): void {
    if (this.closed) return;
    // ConsoleProxyGCThread reports the proxy's load every 5 s (no setting: consoleproxy.loadscan.interval went in 4.10).
    const interval = LOAD_REPORT_INTERVAL_MS;
    this.timer = setTimeout(() => {
      try {
        this.sync();
        this.report();
      } catch (err) {
        this.deps.log(`console load scan failed: ${(err as Error).message}`);
      }
      this.schedule();
    }, interval);
    this.timer.unref();
  }

  /** createConsoleEndpoint: checks the caller, picks the proxy, issues a token. */
  createEndpoint(caller: Caller, vmid: string, extra: string | undefined, origin: string | undefined): ConsoleEndpointAnswer {
    const vm = findConsoleVm(this.deps.db, vmid);
    if (!vm) throw new ApiError(431, `Unable to find virtual machine with specified id ${vmid}`);
    if (!mayOpenConsole(caller, vm)) {
      throw notPermitted(`Account ${caller.account} does not have permission to access the console of virtual machine ${vmid}`);
    }
    if (vm.state !== 'Running') {
      return { success: false, details: `The console of ${vm.name} cannot be opened: the VM is ${vm.state}, not Running` };
    }
    const rows = this.deps.db
      .prepare("SELECT id, zoneid, state FROM systemvms WHERE systemvmtype = 'consoleproxy' ORDER BY rowid")
      .all() as { id: string; zoneid: string; state: string }[];
    const proxies: ProxyLoad[] = rows.map((r) => ({
      id: r.id,
      zoneid: r.zoneid,
      running: r.state === 'Running' && this.port(r.id) !== undefined,
      sessions: this.activeSessions(r.id) + this.tokens.pending(r.id),
    }));
    const max = this.deps.settings.effectiveNumber('consoleproxy.session.max', vm.zoneid);
    const choice = assignProxy({ zoneid: vm.zoneid, previous: this.guests.previousProxy(vm.id), proxies, max });
    if (!choice.ok) throw new ApiError(533, choice.reason);
    this.guests.rememberProxy(vm.id, choice.proxyid);
    const token = this.tokens.issue({ vmid: vm.id, userid: caller.userid, accountid: caller.accountid, proxyid: choice.proxyid, ...(extra ? { extra } : {}) },
      this.maxUnusedTokensPerAccount);
    const port = String(this.port(choice.proxyid));
    const host = this.endpointHost(choice.proxyid, vm.zoneid);
    const secure = this.proxies.get(choice.proxyid)?.server.secure ?? false;
    const now = Date.now();
    for (const [t, e] of this.issued) if (now - e.at > DIAGNOSABLE_MS) this.issued.delete(t);
    this.issued.set(token, { userid: caller.userid, host, port: Number(port), secure, at: now });
    return {
      secure,
      success: true,
      // Not a noVNC page on the proxy as a real CloudStack answers: the simulator's proxies serve only the
      // WebSocket, and the app's console window (/console/<vm id>) is the page that shows this console.
      url: `${origin ?? ''}/console/${vm.id}`,
      websocket: { token, host, port, path: WEBSOCKET_PATH, ...(extra ? { extra } : {}) },
    };
  }

  /**
   * Diagnoses the proxy address named for a console token issued in the last DIAGNOSABLE_MS, for the token's
   * owner or a root admin (diagnose.ts). Throws ApiError 431 for a token not issued here lately (or to
   * someone else, for a caller who is not a root admin: not told apart, so nothing is learnt of others' tokens).
   */
  async diagnose(caller: Caller, token: string): Promise<ConsoleDiagnosis> {
    const e = this.issued.get(token);
    if (!e || Date.now() - e.at > DIAGNOSABLE_MS || (e.userid !== caller.userid && caller.accounttype !== 1)) {
      throw new ApiError(431, 'This console token was not issued to you in the last few minutes; open the console again');
    }
    return diagnoseProxy({ host: e.host, port: e.port, secure: e.secure }, { lookup: this.lookup, ...(this.diagnosisCa ? { ca: this.diagnosisCa } : {}) });
  }

  /**
   * The name viewers reach a proxy at, as ConsoleProxyInfo.formatProxyAddress forms it from
   * consoleproxy.url.domain: aaa-bbb-ccc-ddd.<domain> from the proxy's public IP for `*.<domain>` (so that a
   * wildcard certificate matches; tests map the name to the loopback address), the name itself for a fixed
   * name, and the proxy's address when it is empty. With TLS the domain is the uploaded certificate's
   * (which sets consoleproxy.url.domain); without, the zone's setting.
   */
  private endpointHost(proxyid: string, zoneid: string): string {
    const domain = this.proxies.get(proxyid)?.domain ?? (this.deps.settings.effective('consoleproxy.url.domain', zoneid) || undefined);
    if (!domain) return this.deps.host;
    if (!domain.startsWith('*.')) return domain;
    const row = this.deps.db.prepare("SELECT json_extract(data, '$.publicip') AS ip FROM systemvms WHERE id = ?").get(proxyid) as { ip: string | null } | undefined;
    return row?.ip ? `${row.ip.replace(/\./g, '-')}.${domain.slice(2)}` : this.deps.host;
  }

  /** A WebSocket arrived at a proxy: checks its token and the caller, and finds the VM's VNC server. */
  private async admit(proxyid: string, req: IncomingMessage, url: URL): Promise<Admission> {
    const jsessionid = parseCookies(req.headers.cookie).JSESSIONID;
    const session = jsessionid ? findSession(this.deps.db, jsessionid) : undefined;
    const r = this.tokens.redeem({
      token: url.searchParams.get('token') ?? undefined,
      extra: url.searchParams.get('extra') ?? undefined,
      proxyid,
      ...(session ? { sessionUserid: session.userid } : {}),
    });
    if (!r.ok) return r;
    const caller = callerById(this.deps.db, r.grant.userid);
    const vm = findConsoleVm(this.deps.db, r.grant.vmid);
    if (!caller || !vm || !mayOpenConsole(caller, vm)) {
      return { ok: false, code: CLOSE.foreign, reason: 'The user of this console token may no longer open this console' };
    }
    if (vm.state !== 'Running') return { ok: false, code: CLOSE.unavailable, reason: `The VM is ${vm.state}, not Running` };
    // consoleproxy.session.max holds at the proxy too, counting admissions still opening their VNC connection.
    const max = this.deps.settings.effectiveNumber('consoleproxy.session.max', vm.zoneid);
    const opening = this.admitting.get(proxyid) ?? 0;
    if (this.activeSessions(proxyid) + opening >= max) {
      return { ok: false, code: CLOSE.unavailable, reason: `The console proxy is at its limit of ${max} sessions (consoleproxy.session.max); open the console again` };
    }
    this.admitting.set(proxyid, opening + 1);
    try {
      const target = await this.guests.target(vm.id, vm.name);
      return { ok: true, vmid: vm.id, target };
    } finally {
      this.admitting.set(proxyid, (this.admitting.get(proxyid) ?? 1) - 1);
    }
  }

  /** Stops everything: proxies (ending their sessions) and the guests' VNC servers. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const ids = [...this.proxies.keys()];
    await Promise.all(ids.map((id) => this.stopProxy(id, 'The management server is shutting down')));
    await this.guests.close();
  }
}

const bySim = new WeakMap<object, ConsoleService>();

/** Creates the console service of a simulator and starts its proxies. */
export function attachConsoles(
  sim: { db: Db; settings: Settings; options: { consoleHost: string }; log: (line: string) => void },
  options: { tls?: () => ConsoleTls | undefined } = {},
): ConsoleService {
  const service = new ConsoleService({ db: sim.db, settings: sim.settings, host: sim.options.consoleHost, log: sim.log });
  bySim.set(sim, service);
  // Before the first proxies start, so that they serve a certificate uploaded before a restart.
  if (options.tls) service.useTls(options.tls);
  service.start();
  return service;
}

/** The console service of a simulator (tests use it to point a VM at another VNC server or read a screen). */
export function consolesOf(sim: object): ConsoleService {
  const s = bySim.get(sim);
  if (!s) throw new ApiError(530, 'The console proxies are not running in this management server');
  return s;
}
