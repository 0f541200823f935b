import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import { DOWNLOAD_COMPLETE, downloadingStatus, parseChecksum } from './formats';
import { setZoneStatus, zoneSsvm, type SsvmTaskRow } from './rows';
import { DownloadRefused, guardedGet, parseAllowedSites } from './fetchguard';

/** How long the SSVM waits for a server to answer (connection and headers). */
export const CONNECT_TIMEOUT_MS = 15_000;
/** How long a download may receive nothing before it is given up. */
export const STALL_TIMEOUT_MS = 60_000;
/** The longest a download may take in all, however steadily bytes trickle in. */
export const TOTAL_TIMEOUT_MS = 3 * 60 * 60 * 1000;
/** Downloads of one account running at once; the others wait in the queue. */
export const MAX_DOWNLOADS_PER_ACCOUNT = 3;
/** Redirects followed, each hop checked like the first. */
export const MAX_REDIRECTS = 5;

/** The bounds of the SSVM's downloads (ms and counts); tests shorten them. */
export interface DownloadLimits {
  connectMs: number;
  stallMs: number;
  totalMs: number;
  perAccount: number;
  maxRedirects: number;
  /** Bytes a download may have; without it, max.template.iso.size (GB). */
  maxBytes?: number;
}

/** How often a download in progress writes its progress (and at each new percent). */
const PROGRESS_WRITE_MS = 250;
/** How often a task waiting for a stopped SSVM looks again. */
const SSVM_RETRY_MS = 2_000;

class DownloadFailure extends Error {}

const GIB = 1024 * 1024 * 1024;

/** A readable reason for a failed fetch: DNS, refused connection, reset, timeout, TLS. */
export function describeFetchError(err: unknown, url: string): string {
  if (err instanceof DownloadFailure || err instanceof DownloadRefused) return err.message;
  let host = url;
  try {
    const u = new URL(url);
    host = u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    // keep the URL
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not resolve host ${host.replace(/:\d+$/, '')}`;
    case 'ECONNREFUSED':
      return `connection refused by ${host}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection to ${host} was reset`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connection to ${host} timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${host} is unreachable`;
    default:
      if (code && /CERT|SSL|TLS/.test(code)) return `TLS error talking to ${host}: ${cause?.message ?? code}`;
      return `${cause?.message ?? (err as Error).message ?? String(err)}${code ? ` (${code})` : ''}`;
  }
}

/**
 * The secondary storage VMs' template downloads. Each download is a row of ssvm_tasks (a background
 * task of the zone's SSVM) fetched with node's fetch, its progress persisted as it goes. A restart aborts
 * the transfers in flight; on start-up every unfinished download is taken up again, resumed with an HTTP
 * Range request where the server allows it (and no checksum must be computed over the whole file), from
 * the start otherwise. Every download ends Completed or Failed with a reason; none stays pending.
 */
export class TemplateDownloads {
  private readonly active = new Map<string, AbortController>();
  /** Running downloads per owning account, and the tasks waiting for a slot of their account. */
  private readonly running = new Map<string, Set<string>>();
  private readonly waiting = new Map<string, string[]>();
  /** The bounds of every download; tests shorten them. */
  limits: DownloadLimits = {
    connectMs: CONNECT_TIMEOUT_MS, stallMs: STALL_TIMEOUT_MS, totalMs: TOTAL_TIMEOUT_MS,
    perAccount: MAX_DOWNLOADS_PER_ACCOUNT, maxRedirects: MAX_REDIRECTS,
  };
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = true;

  constructor(private readonly sim: Simulator) {}

  start(): void {
    this.stopped = false;
    const unfinished = this.sim.db
      .prepare(`SELECT id FROM ssvm_tasks WHERE kind = 'download' AND state IN ('Queued', 'Downloading') ORDER BY rowid`)
      .all() as { id: string }[];
    for (const t of unfinished) this.enqueue(t.id);
  }

  /** Aborts the transfers in flight without touching their rows: the next start takes them up again. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.active.values()) c.abort(new DownloadFailure('the management server stopped'));
    this.active.clear();
    this.running.clear();
    this.waiting.clear();
  }

  enqueue(taskId: string): void {
    if (this.stopped || this.active.has(taskId)) return;
    void this.run(taskId).catch((err: unknown) => this.sim.log(`ssvm download ${taskId}: ${(err as Error).message}`));
  }

  /** Cancels the downloads of a template (in one zone, or all); their tasks end Cancelled. */
  cancel(templateid: string, zoneid?: string): void {
    const rows = this.sim.db
      .prepare(`SELECT id FROM ssvm_tasks WHERE templateid = ? AND (? IS NULL OR zoneid = ?) AND state IN ('Queued', 'Downloading')`)
      .all(templateid, zoneid ?? null, zoneid ?? null) as { id: string }[];
    for (const r of rows) {
      this.sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Cancelled', completed = ?, updated_ms = ? WHERE id = ?`).run(nowDate(), Date.now(), r.id);
      this.active.get(r.id)?.abort(new DownloadFailure('cancelled'));
      this.active.delete(r.id);
    }
  }

  private alive(taskId: string): SsvmTaskRow | undefined {
    if (this.stopped) return undefined;
    const t = this.sim.db.prepare('SELECT * FROM ssvm_tasks WHERE id = ?').get(taskId) as SsvmTaskRow | undefined;
    return t && (t.state === 'Queued' || t.state === 'Downloading') ? t : undefined;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private async run(taskId: string): Promise<void> {
    const task = this.alive(taskId);
    if (!task || !task.url) return;
    const db = this.sim.db;
    const ssvm = zoneSsvm(db, task.zoneid);
    if (!ssvm) {
      this.fail(task, 'the zone has no secondary storage VM');
      return;
    }
    if (ssvm.state !== 'Running') {
      db.prepare(`UPDATE ssvm_tasks SET state = 'Queued', ssvmid = ?, updated_ms = ? WHERE id = ?`).run(ssvm.id, Date.now(), task.id);
      setZoneStatus(db, task.templateid, task.zoneid, `Waiting for secondary storage VM ${ssvm.name} (${ssvm.state})`, false);
      this.later(SSVM_RETRY_MS, () => this.enqueue(taskId));
      return;
    }
    const template = db.prepare('SELECT data, accountid FROM templates WHERE id = ?').get(task.templateid) as { data: string; accountid: string | null };
    const account = template.accountid ?? 'system';
    const slots = this.running.get(account) ?? new Set<string>();
    if (!slots.has(taskId) && slots.size >= this.limits.perAccount) {
      // Per-account concurrency: one account cannot hold every connection of the SSVM.
      db.prepare(`UPDATE ssvm_tasks SET state = 'Queued', ssvmid = ?, updated_ms = ? WHERE id = ?`).run(ssvm.id, Date.now(), task.id);
      setZoneStatus(db, task.templateid, task.zoneid, `Waiting: ${slots.size} downloads of this account are in progress`, false);
      const queue = this.waiting.get(account) ?? [];
      if (!queue.includes(taskId)) queue.push(taskId);
      this.waiting.set(account, queue);
      return;
    }
    slots.add(taskId);
    this.running.set(account, slots);
    const maxBytes = this.limits.maxBytes ?? Math.max(1, this.sim.settings.effectiveNumber('max.template.iso.size') || 50) * GIB;
    const data = JSON.parse(template.data) as {
      checksum?: string;
    };
    const checksum = data.checksum ? parseChecksum(data.checksum) : undefined;
    const hash: Hash | undefined = checksum && typeof checksum !== 'string' ? createHash(checksum.algorithm) : undefined;
    const resumeFrom = !hash && task.bytes > 0 ? task.bytes : 0;

    const controller = new AbortController();
    this.active.set(taskId, controller);
    db.prepare(`UPDATE ssvm_tasks SET state = 'Downloading', ssvmid = ?, attempts = attempts + 1, updated_ms = ? WHERE id = ?`)
      .run(ssvm.id, Date.now(), task.id);
    setZoneStatus(db, task.templateid, task.zoneid, downloadingStatus(resumeFrom ? task.percent : 0), false);

    const limits = this.limits;
    let stall: NodeJS.Timeout | undefined;
    const arm = (ms: number, why: string) => {
      if (stall) clearTimeout(stall);
      stall = setTimeout(() => controller.abort(new DownloadFailure(why)), ms);
    };
    const deadline = setTimeout(() => controller.abort(new DownloadFailure(`the download took longer than ${Math.round(limits.totalMs / 1000)} s`)), limits.totalMs);
    let body: IncomingMessage | undefined;
    try {
      arm(limits.connectMs, `no answer from ${hostOf(task.url)} within ${limits.connectMs / 1000} s`);
      const { res } = await guardedGet(task.url, {
        signal: controller.signal,
        allowed: parseAllowedSites(this.sim.settings.effective('secstorage.allowed.internal.sites')),
        maxRedirects: limits.maxRedirects,
        headers: { 'User-Agent': 'CloudStack-SSVM-Simulator', ...(resumeFrom ? { Range: `bytes=${resumeFrom}-` } : {}) },
      });
      body = res;
      if (!this.alive(taskId)) return;
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) throw new DownloadFailure(`HTTP ${status} ${res.statusMessage || 'error'}`);
      const resumed = status === 206 && resumeFrom > 0;
      let bytes = resumed ? resumeFrom : 0;
      const length = Number(res.headers['content-length'] ?? NaN);
      const rangeTotal = /\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1];
      const total = resumed ? (rangeTotal ? Number(rangeTotal) : Number.isFinite(length) ? resumeFrom + length : null)
        : Number.isFinite(length) ? length : null;
      if (total !== null && total > maxBytes) throw new DownloadFailure(tooLarge(maxBytes));
      db.prepare('UPDATE ssvm_tasks SET bytes = ?, total = ?, updated_ms = ? WHERE id = ?').run(bytes, total, Date.now(), task.id);
      if (resumed) this.sim.log(`ssvm ${ssvm.name}: resuming download of ${task.url} at byte ${resumeFrom}`);

      let lastWrite = 0;
      let lastPercent = -1;
      const stalled = `no data received from ${hostOf(task.url)} for ${limits.stallMs / 1000} s`;
      arm(limits.stallMs, stalled);
      for await (const chunk of res) {
        const value = chunk as Buffer;
        if (!this.alive(taskId)) return;
        arm(limits.stallMs, stalled);
        bytes += value.byteLength;
        if (bytes > maxBytes) throw new DownloadFailure(tooLarge(maxBytes));
        hash?.update(value);
        const percent = total ? Math.min(99, Math.floor((bytes / total) * 100)) : 0;
        const now = Date.now();
        if (percent !== lastPercent || now - lastWrite >= PROGRESS_WRITE_MS) {
          lastPercent = percent;
          lastWrite = now;
          db.transaction(() => {
            db.prepare('UPDATE ssvm_tasks SET bytes = ?, percent = ?, updated_ms = ? WHERE id = ?').run(bytes, percent, now, task.id);
            setZoneStatus(db, task.templateid, task.zoneid, total ? downloadingStatus(percent) : `Downloading: ${bytes} bytes received`, false);
          })();
        }
      }
      if (stall) clearTimeout(stall);
      if (!this.alive(taskId)) return;
      if (total !== null && bytes < total) throw new DownloadFailure(`the connection closed after ${bytes} of ${total} bytes`);
      if (hash && checksum && typeof checksum !== 'string') {
        const got = hash.digest('hex');
        // The hash of what was fetched is not told: it would disclose the content of whatever the URL reached.
        if (got !== checksum.hex) throw new DownloadFailure(`checksum mismatch (${checksum.algorithm})`);
      }
      this.complete(task, bytes);
    } catch (err) {
      if (stall) clearTimeout(stall);
      const reason = controller.signal.aborted ? controller.signal.reason : err;
      if (!this.alive(taskId)) return;
      this.fail(task, describeFetchError(reason, task.url));
    } finally {
      if (stall) clearTimeout(stall);
      clearTimeout(deadline);
      body?.destroy();
      if (this.active.get(taskId) === controller) this.active.delete(taskId);
      this.release(account, taskId);
    }
  }

  /** Frees the account's slot of a finished download and starts the account's next waiting one. */
  private release(account: string, taskId: string): void {
    const slots = this.running.get(account);
    slots?.delete(taskId);
    if (slots && !slots.size) this.running.delete(account);
    const queue = this.waiting.get(account);
    while (queue?.length) {
      const next = queue.shift()!;
      if (this.alive(next)) {
        this.enqueue(next);
        break;
      }
    }
    if (queue && !queue.length) this.waiting.delete(account);
  }

  private complete(task: SsvmTaskRow, bytes: number): void {
    const db = this.sim.db;
    db.transaction(() => {
      db.prepare(`UPDATE ssvm_tasks SET state = 'Completed', bytes = ?, percent = 100, completed = ?, updated_ms = ? WHERE id = ?`)
        .run(bytes, nowDate(), Date.now(), task.id);
      db.prepare(`UPDATE templates SET data = json_set(data, '$.size', ?, '$.physicalsize', ?) WHERE id = ?`).run(bytes, bytes, task.templateid);
      setZoneStatus(db, task.templateid, task.zoneid, DOWNLOAD_COMPLETE, true);
      this.event(task, 'INFO', `Template downloaded by the secondary storage VM: ${bytes} bytes from ${task.url}`);
    })();
  }

  private fail(task: SsvmTaskRow, reason: string): void {
    const db = this.sim.db;
    db.transaction(() => {
      db.prepare(`UPDATE ssvm_tasks SET state = 'Failed', error = ?, completed = ?, updated_ms = ? WHERE id = ?`).run(reason, nowDate(), Date.now(), task.id);
      setZoneStatus(db, task.templateid, task.zoneid, `Failed to download: ${reason}`, false);
      this.event(task, 'ERROR', `Failed to download template from ${task.url}: ${reason}`);
    })();
  }

  private event(task: SsvmTaskRow, level: 'INFO' | 'ERROR', description: string): void {
    const t = this.sim.db.prepare('SELECT id, name, accountid FROM templates WHERE id = ?').get(task.templateid) as
      | { id: string; name: string; accountid: string | null }
      | undefined;
    const owner = t?.accountid ? accountOwner(this.sim, t.accountid) : undefined;
    if (!t || !owner) return;
    recordEvent(this.sim.db, { type: 'TEMPLATE.DOWNLOAD', level, description: `${t.name}: ${description}`,
      owner: ownerOf(this.sim.db, owner), resourceid: t.id, resourcetype: 'Template', resourcename: t.name });
  }
}

/** An account as the owner of events. */
export function accountOwner(sim: Simulator, accountid: string) {
  return sim.db.prepare('SELECT id AS accountid, name AS account, domainid, domainpath FROM accounts WHERE id = ?').get(accountid) as
    | { accountid: string; account: string; domainid: string; domainpath: string }
    | undefined;
}

function tooLarge(maxBytes: number): string {
  return `the file is larger than max.template.iso.size (${+(maxBytes / GIB).toFixed(6)} GB)`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const services = new WeakMap<Simulator, TemplateDownloads>();

/** The download service of a simulator (created by createSimulator). */
export function downloadsOf(sim: Simulator): TemplateDownloads {
  let s = services.get(sim);
  if (!s) {
    s = new TemplateDownloads(sim);
    services.set(sim, s);
  }
  return s;
}
