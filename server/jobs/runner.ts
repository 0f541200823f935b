import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { nowDate } from '../db/rows';
import type { Caller } from '../api/context';

export interface JobRow {
  id: string;
  kind: string;
  cmd: string;
  userid: string;
  accountid: string;
  domainpath: string;
  instancetype: string | null;
  instanceid: string | null;
  queue: string | null;
  status: number;
  procstatus: number;
  resultcode: number;
  result: string | null;
  payload: string;
  step: number;
  started: number;
  next_at: number;
  created: string;
  created_ms: number;
  completed: string | null;
}

/** How often (ms of wall-clock time) a held job is looked at again. */
const HOLD_RECHECK_MS = 1000;
/** The longest the runner's timer sleeps at once (ms). */
const MAX_SLEEP_MS = 1000;

/** What one step of a job decides: wait and go on, finish with a result, or fail with a reason. */
export type StepOutcome =
  | { next: number }
  | { done: Record<string, unknown> }
  | { fail: { code: number; text: string } };

export interface JobKind {
  /** CloudStack's command class, shown as `cmd`. */
  cmd: string;
  instancetype: string;
  /**
   * Runs step `step` of the job inside a database transaction, so that a step is applied entirely or
   * not at all: a restart resumes at the first step not yet applied and repeats none.
   */
  step(job: JobRow, payload: Record<string, unknown>, step: number): StepOutcome;
  /** Called in the same transaction when the job fails (from a step or from a crash): put things back. */
  onFail?(job: JobRow, payload: Record<string, unknown>, text: string): void;
}

export interface SubmitRequest {
  kind: string;
  caller: Pick<Caller, 'userid' | 'accountid' | 'domainpath'>;
  instanceid?: string;
  payload?: Record<string, unknown>;
  /** Jobs of a queue run at most `limit` at a time, in the order they were submitted. */
  queue?: string;
}

/**
 * Persistent async jobs. Each job is a sequence of short, transactional steps separated by simulated
 * waits (`next_at`, a wall-clock time), so the schedule survives a restart of the process.
 */
export class JobRunner {
  private kinds = new Map<string, JobKind>();
  private limits = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private statements = new Map<string, Statement>();
  private stopped = true;
  private listeners = new Set<(job: JobRow) => void>();
  private held: (job: JobRow) => boolean = () => false;

  constructor(
    private readonly db: Db,
    private readonly speed: number,
  ) {}

  register(name: string, kind: JobKind): void {
    this.kinds.set(name, kind);
  }

  setQueueLimit(queue: string, limit: number): void {
    this.limits.set(queue, limit);
  }

  /**
   * Jobs for which `held` answers true run their first step and then no other in this process (tests: an
   * operation half way, see `--hold-routers`); they are looked at again every HOLD_RECHECK_MS.
   */
  setHold(held: (job: JobRow) => boolean): void {
    this.held = held;
  }

  /** Called whenever a job finishes, for tests and for the console proxy's bookkeeping. */
  onFinish(listener: (job: JobRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A simulated duration, scaled by the speed factor. */
  duration(ms: number): number {
    return Math.max(1, Math.round(ms / this.speed));
  }

  submit(req: SubmitRequest): string {
    const kind = this.kinds.get(req.kind);
    if (!kind) throw new Error(`no job kind ${req.kind}`);
    const id = randomUUID();
    const now = Date.now();
    this.sql(
      `INSERT INTO jobs (id, kind, cmd, userid, accountid, domainpath, instancetype, instanceid, queue, status,
          payload, step, started, next_at, created, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?, ?, ?)`,
    )
      .run(
        id, req.kind, kind.cmd, req.caller.userid, req.caller.accountid, req.caller.domainpath, kind.instancetype,
        req.instanceid ?? null, req.queue ?? null, JSON.stringify(req.payload ?? {}), req.queue ? 0 : 1, now,
        nowDate(now), now,
      );
    this.wake();
    return id;
  }

  get(id: string): JobRow | undefined {
    return this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  start(): void {
    this.stopped = false;
    // Jobs whose kind this build no longer knows cannot finish: fail them rather than leave them pending.
    const pending = this.db.prepare('SELECT * FROM jobs WHERE status = 0').all() as JobRow[];
    for (const job of pending) {
      if (!this.kinds.has(job.kind)) this.finish(job, { fail: { code: 530, text: `Job type ${job.kind} is not known to this server` } });
    }
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A prepared statement, prepared once per runner (better-sqlite3 parses the SQL on every prepare). */
  private sql(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /**
   * Starts up to `slots` queued jobs of a limited queue, oldest first, due at `now`; returns how many started.
   * With `slots` undefined, fills every free slot of the queue.
   */
  private fill(queue: string, now: number, slots?: number): number {
    const limit = this.limits.get(queue) ?? 0;
    const running = this.sql('SELECT COUNT(*) AS n FROM jobs WHERE status = 0 AND started = 1 AND queue = ?').get(queue) as { n: number };
    const free = Math.min(limit - running.n, slots ?? Infinity);
    if (free <= 0) return 0;
    return this.sql(
      `UPDATE jobs SET started = 1, next_at = ? WHERE id IN (
         SELECT id FROM jobs WHERE status = 0 AND started = 0 AND queue = ? ORDER BY created_ms, rowid LIMIT ?)`,
    ).run(now, queue, free).changes;
  }

  /** Starts queued jobs of each limited queue while it has free slots, oldest first; returns how many started. */
  private promote(now: number): number {
    let started = 0;
    for (const queue of this.limits.keys()) started += this.fill(queue, now);
    // Queues without a limit set run freely.
    const limited = [...this.limits.keys()];
    started += this.sql(`UPDATE jobs SET started = 1 WHERE status = 0 AND started = 0 AND queue IS NOT NULL AND queue NOT IN (${
      limited.map(() => '?').join(',') || "''"})`).run(...limited).changes;
    return started;
  }

  /**
   * Runs everything that is due now; returns how many steps ran. A job of a limited queue that finishes frees
   * its slot at once: the next queued job of that queue starts in the same event (its first step runs in this
   * tick), so a slot never idles while work waits and the slots keep their own pace instead of waiting for
   * each other's batch. Exposed for tests.
   */
  tick(): number {
    let steps = 0;
    this.promote(Date.now());
    // Steps that come due while this tick runs (a freed slot's next job, due at once) run in it too; the
    // rounds are bounded so that API requests are served between ticks.
    // A job runs at most one step per tick (the next is due after its simulated wait anyway; tests that step
    // jobs by hand see every step).
    const ranNow = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const now = Date.now();
      const due = (this.sql('SELECT * FROM jobs WHERE status = 0 AND started = 1 AND next_at <= ? ORDER BY next_at, rowid LIMIT 500')
        .all(now) as JobRow[]).filter((job) => !ranNow.has(job.id));
      if (due.length === 0) break;
      let ran = 0;
      for (const job of due) {
        ranNow.add(job.id);
        // A held job (see `--hold-routers`) stays where it is and is looked at again later.
        if (job.step > 0 && this.held(job)) {
          this.sql('UPDATE jobs SET next_at = ? WHERE id = ?').run(now + HOLD_RECHECK_MS, job.id);
          continue;
        }
        ran++;
        // The freed slot's next job starts when this one's last step was due: a worker of CloudStack's job
        // executor takes the next job as it finishes one, so the slot stays on the simulated clock (the next
        // job's first wait absorbs this process's lateness, see nextAt).
        if (this.runStep(job) && job.queue !== null && this.limits.has(job.queue)) this.fill(job.queue, Math.min(job.next_at, Date.now()), 1);
      }
      steps += ran;
      if (ran === 0) break;
    }
    return steps;
  }

  /**
   * When the step after `job`'s current one is due (ms, wall clock), `wait` ms of simulated time later. The wait
   * counts from when this step was due, not from when the process got round to it: the simulated operation (a
   * router stopping, then starting) runs on its own clock, so a busy process or a late timer does not stretch
   * it step by step. Lateness is absorbed up to one wait (a step is never due in the past; after a restart, a
   * long-overdue job goes on from now).
   */
  private nextAt(job: JobRow, wait: number): number {
    return Math.max(job.next_at, Date.now() - wait) + wait;
  }

  /** Runs one step of a job; true when the job finished. */
  private runStep(job: JobRow): boolean {
    const kind = this.kinds.get(job.kind);
    let finished: JobRow | undefined;
    this.db.transaction(() => {
      const payload = JSON.parse(job.payload) as Record<string, unknown>;
      let outcome: StepOutcome;
      try {
        outcome = kind ? kind.step(job, payload, job.step) : { fail: { code: 530, text: `Job type ${job.kind} is not known` } };
      } catch (err) {
        outcome = { fail: { code: 530, text: `Internal error while running the job: ${(err as Error).message}` } };
      }
      if ('next' in outcome) {
        this.sql('UPDATE jobs SET step = step + 1, procstatus = procstatus + 1, next_at = ? WHERE id = ?')
          .run(this.nextAt(job, this.duration(outcome.next)), job.id);
      } else {
        finished = this.finish(job, outcome);
      }
    })();
    if (finished) for (const l of this.listeners) l(finished);
    return finished !== undefined;
  }

  private finish(job: JobRow, outcome: { done: Record<string, unknown> } | { fail: { code: number; text: string } }): JobRow {
    const completed = nowDate();
    if ('done' in outcome) {
      this.sql('UPDATE jobs SET status = 1, resultcode = 0, result = ?, completed = ? WHERE id = ?')
        .run(JSON.stringify(outcome.done), completed, job.id);
    } else {
      const kind = this.kinds.get(job.kind);
      kind?.onFail?.(job, JSON.parse(job.payload) as Record<string, unknown>, outcome.fail.text);
      this.sql('UPDATE jobs SET status = 2, resultcode = ?, result = ?, completed = ? WHERE id = ?')
        .run(outcome.fail.code, JSON.stringify({ errorcode: outcome.fail.code, errortext: outcome.fail.text }), completed, job.id);
    }
    return this.get(job.id)!;
  }

  /**
   * The wall-clock time (ms) the runner's timer is set for, or undefined when it is not set (stopped, or
   * nothing pending). For tests.
   */
  get scheduledAt(): number | undefined {
    return this.timer ? this.timerAt : undefined;
  }

  /** Runs what is due at once (in a macrotask, so that a submitting request answers first), then sleeps until the next step is due. */
  wake(): void {
    if (this.stopped) return;
    this.arm(Date.now());
  }

  /**
   * Sets the timer for `at` (ms, wall clock): it fires when the earliest pending step is due, not on a
   * polling interval, so a step (and a job's completion) waits for nothing but its own simulated duration.
   * Long waits are cut into pieces of at most MAX_SLEEP_MS, so that a changed clock is noticed.
   */
  private arm(at: number): void {
    if (this.timer) {
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(() => this.run(), Math.min(Math.max(at - Date.now(), 0), MAX_SLEEP_MS));
  }

  private run(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.tick();
    const next = this.sql('SELECT MIN(next_at) AS t FROM jobs WHERE status = 0 AND started = 1').get() as { t: number | null };
    if (next.t !== null) this.arm(next.t);
    // A queued job starts only when a running one of its queue finishes (tick), or when one is submitted (wake).
  }
}
