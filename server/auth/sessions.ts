import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';

/** Seconds of inactivity after which a session ends, as CloudStack's `session.timeout`. */
export const SESSION_TIMEOUT_S = 1800;

export interface SessionRow {
  sessionkey: string;
  jsessionid: string;
  userid: string;
  created: number;
  lastseen: number;
}

export function createSession(db: Db, userid: string): SessionRow {
  const now = Date.now();
  const row = {
    sessionkey: randomBytes(24).toString('base64url'),
    jsessionid: randomBytes(24).toString('hex').toUpperCase(),
    userid,
    created: now,
    lastseen: now,
  };
  db.prepare('INSERT INTO sessions (sessionkey, jsessionid, userid, created, lastseen) VALUES (?, ?, ?, ?, ?)').run(
    row.sessionkey, row.jsessionid, row.userid, row.created, row.lastseen);
  return row;
}

/** The live session a JSESSIONID cookie names, touched; expired ones are removed. */
export function findSession(db: Db, jsessionid: string): SessionRow | undefined {
  const row = db.prepare('SELECT * FROM sessions WHERE jsessionid = ?').get(jsessionid) as SessionRow | undefined;
  if (!row) return undefined;
  const now = Date.now();
  if (now - row.lastseen > SESSION_TIMEOUT_S * 1000) {
    db.prepare('DELETE FROM sessions WHERE jsessionid = ?').run(jsessionid);
    return undefined;
  }
  if (now - row.lastseen > 5000) db.prepare('UPDATE sessions SET lastseen = ? WHERE jsessionid = ?').run(now, jsessionid);
  return row;
}

export function deleteSession(db: Db, jsessionid: string): void {
  db.prepare('DELETE FROM sessions WHERE jsessionid = ?').run(jsessionid);
}
