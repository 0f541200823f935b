import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations';
import { loadSecretKey, useSecretKey } from './secrets';

export type Db = Database.Database;

/** Thrown when a database file cannot be used: its message is for the user (main.ts prints it and stops). */
export class DatabaseUnusable extends Error {}

/** Makes the database's files readable by their owner only (0600): the file, its WAL and shared memory. */
function ownerOnly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/**
 * Opens the simulator's database (a file, or ':memory:' for tests) and applies pending migrations. A new file
 * is created with mode 0600 (SQLite gives its WAL the same mode), an existing one is set to 0600; its secrets'
 * key is loaded (secrets.ts). A file that is not a SQLite database, or fails SQLite's quick_check, is refused
 * with a DatabaseUnusable naming the file, instead of starting and failing later.
 */
export function openDatabase(file: string): Db {
  const memory = file === ':memory:';
  if (!memory) {
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
    ownerOnly(file);
  }
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new Error(check);
  } catch (err) {
    db?.close();
    throw new DatabaseUnusable(`The database ${file} is damaged or is not a SQLite database (${(err as Error).message}). ` +
      'Move it away to start a fresh cloud, or restore a copy.');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let v = applied; v < migrations.length; v++) {
    db.transaction(() => {
      db!.exec(migrations[v]!);
      db!.pragma(`user_version = ${v + 1}`);
    })();
  }
  if (!memory) ownerOnly(file);
  try {
    useSecretKey(db, loadSecretKey(file));
  } catch (err) {
    db.close();
    throw new DatabaseUnusable((err as Error).message);
  }
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
