/**
 * Where plans live: an embedded SQLite database by default (better-sqlite3), or PostgreSQL when
 * DATABASE_URL names one (the `pg` package), so that several serving processes share plans, their
 * routers, the runner's event log, the sealed credentials and the sessions the processes remember.
 * One store, one SQL text for both (placeholders `?`, rewritten to `$n` for PostgreSQL).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { OwnerWindow, PlanRouterState, PlanState, PlanWindow } from '../../src/api/plans';

export interface PlanSettings {
  parallel: number;
  failurebudget: number;
  soakminutes: number;
  healthgate: boolean;
  windows: PlanWindow[];
  ownerwindows: OwnerWindow[];
}

export interface WaveRecord {
  name: string;
  canary: boolean;
  started?: number;
  finished?: number;
}

/** A plan as stored, without its routers. Times are ms since the epoch. */
export interface PlanRecord {
  id: string;
  name: string;
  state: PlanState;
  created: number;
  updated: number;
  createdby: string;
  userid: string;
  settings: PlanSettings;
  waves: WaveRecord[];
  currentwave: number;
  pausereason?: string;
  soakuntil?: number;
  /** The canary wave passed its soak and health gate. */
  gatepassed?: boolean;
  nextwindow?: number;
  waiting?: string;
  /** Measured upgrade durations (seconds), the most recent last, at most 50. */
  durations: number[];
}

/** What the plan remembers of a router from listRouters when the plan was made. */
export interface RouterInfo {
  name: string;
  zoneid?: string;
  zonename?: string;
  podname?: string;
  clustername?: string;
  account?: string;
  domainid?: string;
  domain?: string;
  network?: string;
  /** vpc:<id> or net:<id>: the network a redundant pair shares. */
  pairkey?: string;
  networkid?: string;
  vpcid?: string;
  isredundantrouter?: boolean;
  redundantstate?: string;
}

export interface RouterRecord {
  planid: string;
  id: string;
  wave: number;
  seq: number;
  state: PlanRouterState;
  jobid?: string;
  /** When the runner decided to upgrade it (set before upgradeRouterTemplate is called). */
  marked?: number;
  started?: number;
  finished?: number;
  error?: string;
  waiting?: string;
  /** The router's version once upgraded (from the job result's router). */
  version?: string;
  attempts: number;
  info: RouterInfo;
}

export interface PlanEventRecord {
  id: number;
  planid: string;
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface PlanAction {
  id: number;
  planid: string;
  action: 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'skip' | 'refreshkeys';
  /** `resume`: a retry runs the plan again at once (a finished or paused plan). */
  body: { routerids?: string[]; by?: string; resume?: boolean };
}

export interface Credential {
  userid: string;
  apikey: string;
  /** The secret key sealed by SecretBox. */
  sealedsecret: string;
}

export interface RememberedSession {
  data: Record<string, unknown>;
  expires: number;
}

export interface PlanStore {
  readonly kind: 'sqlite' | 'postgresql';
  insertPlan(plan: PlanRecord, routers: RouterRecord[], credential: Credential): Promise<void>;
  listPlans(): Promise<PlanRecord[]>;
  getPlan(id: string): Promise<PlanRecord | undefined>;
  updatePlan(plan: PlanRecord): Promise<void>;
  routers(planid: string): Promise<RouterRecord[]>;
  updateRouter(r: RouterRecord): Promise<void>;
  addEvent(planid: string, at: number, level: PlanEventRecord['level'], text: string): Promise<void>;
  events(planid: string, limit: number): Promise<PlanEventRecord[]>;
  credential(planid: string): Promise<Credential | undefined>;
  /** Replaces the plan's stored keys (the secret sealed by SecretBox). */
  updateCredential(planid: string, credential: Credential): Promise<void>;
  addAction(planid: string, action: PlanAction['action'], body: PlanAction['body']): Promise<void>;
  /** The actions not yet applied, oldest first; each is removed when taken. */
  takeActions(): Promise<PlanAction[]>;
  /** Router ids of the plans that are not finished or cancelled, with the plan's name. */
  activeRouters(): Promise<Map<string, string>>;
  rememberSession(jsessionid: string, s: RememberedSession): Promise<void>;
  findSession(jsessionid: string, now: number): Promise<RememberedSession | undefined>;
  forgetSession(jsessionid: string): Promise<void>;
  /** True while this process holds the runner's lock (PostgreSQL: an advisory lock; SQLite: a heartbeat row). */
  tryRunnerLock(): Promise<boolean>;
  close(): Promise<void>;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS plans (id TEXT PRIMARY KEY, state TEXT NOT NULL, created BIGINT NOT NULL, data TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS plan_routers (planid TEXT NOT NULL, routerid TEXT NOT NULL, wave INTEGER NOT NULL, seq INTEGER NOT NULL,
     state TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (planid, routerid))`,
  `CREATE TABLE IF NOT EXISTS plan_credentials (planid TEXT PRIMARY KEY, userid TEXT NOT NULL, apikey TEXT NOT NULL, sealedsecret TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS console_sessions (jsessionid TEXT PRIMARY KEY, expires BIGINT NOT NULL, data TEXT NOT NULL)`,
];
const SERIAL_TABLES = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS plan_events (id INTEGER PRIMARY KEY AUTOINCREMENT, planid TEXT NOT NULL, at BIGINT NOT NULL, level TEXT NOT NULL, text TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS plan_actions (id INTEGER PRIMARY KEY AUTOINCREMENT, planid TEXT NOT NULL, action TEXT NOT NULL, body TEXT NOT NULL)`,
  ],
  postgresql: [
    `CREATE TABLE IF NOT EXISTS plan_events (id BIGSERIAL PRIMARY KEY, planid TEXT NOT NULL, at BIGINT NOT NULL, level TEXT NOT NULL, text TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS plan_actions (id BIGSERIAL PRIMARY KEY, planid TEXT NOT NULL, action TEXT NOT NULL, body TEXT NOT NULL)`,
  ],
};
const INDEXES = [`CREATE INDEX IF NOT EXISTS plan_events_plan ON plan_events (planid, id)`];

/** The few SQL calls the store needs, over either database. */
interface Sql {
  kind: 'sqlite' | 'postgresql';
  run(sql: string, args?: unknown[]): Promise<void>;
  all<T>(sql: string, args?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction. */
  tx(fn: (sql: Sql) => Promise<void>): Promise<void>;
  tryLock(): Promise<boolean>;
  close(): Promise<void>;
}

/** Without a heartbeat for this long (ms), another process on the same SQLite file takes over the runner. */
export const SQLITE_LOCK_STALE_MS = 30_000;

function sqliteSql(file: string): Sql {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS runner_lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, heartbeat INTEGER NOT NULL)');
  const me = `${hostname()}:${process.pid}:${randomUUID()}`;
  /** Whether the lock's owner is a process of this machine that no longer exists (e.g. killed). */
  const ownerGone = (owner: string): boolean => {
    const [host, pid] = owner.split(':');
    if (host !== hostname() || !pid) return false;
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  const self: Sql = {
    kind: 'sqlite',
    run: async (sql, args = []) => void db.prepare(sql).run(...(args as unknown[])),
    all: async <T>(sql: string, args: unknown[] = []) => db.prepare(sql).all(...args) as T[],
    async tx(fn) {
      // Every statement inside is synchronous underneath; BEGIN/COMMIT around the awaited body.
      db.exec('BEGIN IMMEDIATE');
      try {
        await fn(self);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    // Processes sharing one SQLite file: the runner is the one whose heartbeat (every tick) is fresh; another
    // takes over after SQLITE_LOCK_STALE_MS without one, or at once when the owner was a process of this
    // machine that is gone (a SIGKILL and a restart).
    tryLock: async () => {
      const now = Date.now();
      db.prepare('INSERT OR IGNORE INTO runner_lock (id, owner, heartbeat) VALUES (1, ?, ?)').run(me, now);
      const owner = (db.prepare('SELECT owner FROM runner_lock WHERE id = 1').get() as { owner: string }).owner;
      const stale = owner !== me && ownerGone(owner) ? now + 1 : now - SQLITE_LOCK_STALE_MS;
      return db.prepare('UPDATE runner_lock SET owner = ?, heartbeat = ? WHERE id = 1 AND (owner = ? OR heartbeat < ?)')
        .run(me, now, me, stale).changes === 1;
    },
    close: async () => {
      db.prepare('UPDATE runner_lock SET heartbeat = 0 WHERE owner = ?').run(me);
      db.close();
    },
  };
  return self;
}

/** The advisory lock key of the plan runner: one runner among the processes sharing the database. */
export const RUNNER_LOCK_KEY = 7_318_021_118;

function postgresSql(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => {});
  let lockClient: pg.PoolClient | undefined;
  const conv = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  const make = (q: (text: string, args: unknown[]) => Promise<pg.QueryResult>): Omit<Sql, 'tx' | 'tryLock' | 'close'> => ({
    kind: 'postgresql',
    run: async (sql, args = []) => void (await q(conv(sql), args)),
    all: async <T>(sql: string, args: unknown[] = []) => (await q(conv(sql), args)).rows as T[],
  });
  return {
    ...make((text, args) => pool.query(text, args)),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inner = make((text, args) => client.query(text, args));
        await fn({ ...inner, tx: (f) => f(inner as Sql), tryLock: async () => true, close: async () => {} });
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async tryLock() {
      if (lockClient) {
        try {
          await lockClient.query('SELECT 1');
          return true;
        } catch {
          lockClient.release(true);
          lockClient = undefined;
        }
      }
      const client = await pool.connect();
      const r = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [RUNNER_LOCK_KEY]);
      if (r.rows[0]?.locked) {
        client.on('error', () => {
          lockClient = undefined;
        });
        lockClient = client;
        return true;
      }
      client.release();
      return false;
    },
    async close() {
      lockClient?.release(true);
      lockClient = undefined;
      await pool.end();
    },
  };
}

interface PlanRow { id: string; data: string }
interface RouterRow { planid: string; routerid: string; wave: number; seq: number; state: string; data: string }

/** Opens the store: PostgreSQL when `databaseUrl` is given (postgres:// or postgresql://), else SQLite at `file`. */
export async function openPlanStore(opts: { databaseUrl?: string; file: string }): Promise<PlanStore> {
  const sql = opts.databaseUrl ? postgresSql(opts.databaseUrl) : sqliteSql(opts.file);
  for (const s of [...SCHEMA, ...SERIAL_TABLES[sql.kind], ...INDEXES]) await sql.run(s);

  const toRouter = (row: RouterRow): RouterRecord => ({
    ...(JSON.parse(row.data) as Omit<RouterRecord, 'planid' | 'id' | 'wave' | 'seq' | 'state'>),
    planid: row.planid, id: row.routerid, wave: Number(row.wave), seq: Number(row.seq), state: row.state as PlanRouterState,
  });
  const routerData = (r: RouterRecord) => {
    const { planid: _p, id: _i, wave: _w, seq: _s, state: _st, ...rest } = r;
    return JSON.stringify(rest);
  };

  return {
    kind: sql.kind,
    async insertPlan(plan, routers, credential) {
      await sql.tx(async (t) => {
        await t.run('INSERT INTO plans (id, state, created, data) VALUES (?, ?, ?, ?)', [plan.id, plan.state, plan.created, JSON.stringify(plan)]);
        for (const r of routers) {
          await t.run('INSERT INTO plan_routers (planid, routerid, wave, seq, state, data) VALUES (?, ?, ?, ?, ?, ?)',
            [plan.id, r.id, r.wave, r.seq, r.state, routerData(r)]);
        }
        await t.run('INSERT INTO plan_credentials (planid, userid, apikey, sealedsecret) VALUES (?, ?, ?, ?)',
          [plan.id, credential.userid, credential.apikey, credential.sealedsecret]);
      });
    },
    async listPlans() {
      return (await sql.all<PlanRow>('SELECT id, data FROM plans ORDER BY created DESC, id')).map((r) => JSON.parse(r.data) as PlanRecord);
    },
    async getPlan(id) {
      const row = (await sql.all<PlanRow>('SELECT id, data FROM plans WHERE id = ?', [id]))[0];
      return row ? (JSON.parse(row.data) as PlanRecord) : undefined;
    },
    async updatePlan(plan) {
      await sql.run('UPDATE plans SET state = ?, data = ? WHERE id = ?', [plan.state, JSON.stringify(plan), plan.id]);
    },
    async routers(planid) {
      return (await sql.all<RouterRow>('SELECT * FROM plan_routers WHERE planid = ? ORDER BY wave, seq', [planid])).map(toRouter);
    },
    async updateRouter(r) {
      await sql.run('UPDATE plan_routers SET state = ?, data = ? WHERE planid = ? AND routerid = ?', [r.state, routerData(r), r.planid, r.id]);
    },
    async addEvent(planid, at, level, text) {
      await sql.run('INSERT INTO plan_events (planid, at, level, text) VALUES (?, ?, ?, ?)', [planid, at, level, text]);
    },
    async events(planid, limit) {
      const rows = await sql.all<PlanEventRecord>('SELECT * FROM plan_events WHERE planid = ? ORDER BY id DESC LIMIT ?', [planid, limit]);
      return rows.map((e) => ({ ...e, id: Number(e.id), at: Number(e.at) })).reverse();
    },
    async credential(planid) {
      return (await sql.all<Credential>('SELECT userid, apikey, sealedsecret FROM plan_credentials WHERE planid = ?', [planid]))[0];
    },
    async updateCredential(planid, c) {
      await sql.run('UPDATE plan_credentials SET userid = ?, apikey = ?, sealedsecret = ? WHERE planid = ?', [c.userid, c.apikey, c.sealedsecret, planid]);
    },
    async addAction(planid, action, body) {
      await sql.run('INSERT INTO plan_actions (planid, action, body) VALUES (?, ?, ?)', [planid, action, JSON.stringify(body)]);
    },
    async takeActions() {
      const rows = await sql.all<{ id: number; planid: string; action: PlanAction['action']; body: string }>('SELECT * FROM plan_actions ORDER BY id');
      if (rows.length) await sql.run(`DELETE FROM plan_actions WHERE id <= ?`, [rows[rows.length - 1]!.id]);
      return rows.map((r) => ({ id: Number(r.id), planid: r.planid, action: r.action, body: JSON.parse(r.body) as PlanAction['body'] }));
    },
    async activeRouters() {
      const rows = await sql.all<{ routerid: string; data: string }>(
        `SELECT r.routerid, p.data FROM plan_routers r JOIN plans p ON p.id = r.planid
          WHERE p.state IN ('draft', 'running', 'paused') AND r.state IN ('pending', 'starting', 'upgrading', 'failed')`);
      return new Map(rows.map((r) => [r.routerid, (JSON.parse(r.data) as PlanRecord).name]));
    },
    async rememberSession(jsessionid, s) {
      await sql.run('DELETE FROM console_sessions WHERE expires < ?', [Date.now()]);
      await sql.run(`INSERT INTO console_sessions (jsessionid, expires, data) VALUES (?, ?, ?)
        ON CONFLICT (jsessionid) DO UPDATE SET expires = excluded.expires, data = excluded.data`, [jsessionid, s.expires, JSON.stringify(s.data)]);
    },
    async findSession(jsessionid, now) {
      const row = (await sql.all<{ expires: number; data: string }>('SELECT expires, data FROM console_sessions WHERE jsessionid = ?', [jsessionid]))[0];
      if (!row || Number(row.expires) < now) return undefined;
      return { expires: Number(row.expires), data: JSON.parse(row.data) as Record<string, unknown> };
    },
    async forgetSession(jsessionid) {
      await sql.run('DELETE FROM console_sessions WHERE jsessionid = ?', [jsessionid]);
    },
    tryRunnerLock: () => sql.tryLock(),
    close: () => sql.close(),
  };
}
