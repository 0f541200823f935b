import { randomInt } from 'node:crypto';
import type { Db } from '../db/database';
import { openSecret, sealSecret } from '../db/secrets';
import { GuestVncServer } from './vncserver';

/** Where a VM's console is: a VNC server's address and the password it wants. */
export interface VncTarget {
  host: string;
  port: number;
  password: string;
}

interface ConsoleRow {
  vmid: string;
  vncpassword: string;
  vnchost: string | null;
  vncport: number | null;
  proxyid: string | null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A VNC password: 8 characters (VNC authentication uses no more). */
export function newVncPassword(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * The VNC side of every VM: its password (kept in vm_consoles, answered by no API), and its VNC server —
 * a built-in one started on first use on a loopback port, or an external server the VM was pointed at.
 */
export class GuestConsoles {
  private readonly servers = new Map<string, Promise<GuestVncServer>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly host: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  private row(vmid: string): ConsoleRow {
    const found = this.db.prepare('SELECT vmid, vncpassword, vnchost, vncport, proxyid FROM vm_consoles WHERE vmid = ?').get(vmid) as
      | ConsoleRow
      | undefined;
    // The VNC password is stored sealed (db/secrets.ts) and opened here.
    if (found) return { ...found, vncpassword: openSecret(this.db, found.vncpassword) };
    const fresh: ConsoleRow = { vmid, vncpassword: newVncPassword(), vnchost: null, vncport: null, proxyid: null };
    this.db
      .prepare('INSERT INTO vm_consoles (vmid, vncpassword, vnchost, vncport, proxyid, updated_ms) VALUES (?, ?, NULL, NULL, NULL, ?) ON CONFLICT (vmid) DO NOTHING')
      .run(vmid, sealSecret(this.db, fresh.vncpassword), Date.now());
    return this.row(vmid);
  }

  /** The console proxy the VM's last session went through, if any. */
  previousProxy(vmid: string): string | null {
    const r = this.db.prepare('SELECT proxyid FROM vm_consoles WHERE vmid = ?').get(vmid) as { proxyid: string | null } | undefined;
    return r?.proxyid ?? null;
  }

  rememberProxy(vmid: string, proxyid: string): void {
    this.row(vmid);
    this.db.prepare('UPDATE vm_consoles SET proxyid = ?, updated_ms = ? WHERE vmid = ?').run(proxyid, Date.now(), vmid);
  }

  /** Points a VM's console at another VNC server (tests use a real one); `null` goes back to the built-in one. */
  pointAt(vmid: string, target: VncTarget | null): void {
    this.row(vmid);
    // A running built-in server keeps the old password: retire it, the next console starts a fresh one.
    const old = this.servers.get(vmid);
    this.servers.delete(vmid);
    old?.then((s) => s.close(), () => undefined);
    if (target) {
      this.db
        .prepare('UPDATE vm_consoles SET vnchost = ?, vncport = ?, vncpassword = ?, updated_ms = ? WHERE vmid = ?')
        .run(target.host, target.port, sealSecret(this.db, target.password), Date.now(), vmid);
    } else {
      this.db.prepare('UPDATE vm_consoles SET vnchost = NULL, vncport = NULL, vncpassword = ?, updated_ms = ? WHERE vmid = ?')
        .run(sealSecret(this.db, newVncPassword()), Date.now(), vmid);
    }
  }

  /** Where the proxy connects for a VM's console, starting its built-in VNC server when needed. */
  async target(vmid: string, name: string): Promise<VncTarget> {
    const r = this.row(vmid);
    if (r.vnchost && r.vncport) return { host: r.vnchost, port: r.vncport, password: r.vncpassword };
    const server = await this.builtin(vmid, name, r.vncpassword);
    return { host: this.host, port: server.port, password: r.vncpassword };
  }

  /** The built-in VNC server of a VM, if it has been started (tests read its screen). */
  running(vmid: string): Promise<GuestVncServer> | undefined {
    return this.servers.get(vmid);
  }

  private builtin(vmid: string, name: string, password: string): Promise<GuestVncServer> {
    if (this.closed) return Promise.reject(new Error('the simulator is shutting down'));
    let p = this.servers.get(vmid);
    if (!p) {
      const server = new GuestVncServer({ name, password, log: this.log });
      p = server.listen(this.host).then(() => server);
      p.catch(() => this.servers.delete(vmid));
      this.servers.set(vmid, p);
    }
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map((p) => p.then((s) => s.close(), () => undefined)));
  }
}
