import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import { openSecret, sealSecret, secretDigest } from '../db/secrets';

/** Seconds of inactivity after which a session ends, as CloudStack's `session.timeout`. */
export const SESSION_TIMEOUT_S = 1800;

/** A session as callers see it: the session key and the JSESSIONID in clear. */
export interface SessionRow {
  sessionkey: string;
  jsessionid: string;
  userid: string;
  created: number;
  lastseen: number;
}

/**
 * Opens a session for a user. At rest the JSESSIONID is kept only as a digest (it is looked up, never read
 * back) and the session key sealed (/client/session gives it back), both under the database's secret key.
 */
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
    sealSecret(db, row.sessionkey), secretDigest(db, row.jsessionid), row.userid, row.created, row.lastseen);
  return row;
}

/** The live session a JSESSIONID cookie names, touched; expired ones are removed. */
export function findSession(db: Db, jsessionid: string): SessionRow | undefined {
  const digest = secretDigest(db, jsessionid);
  const row = db.prepare('SELECT * FROM sessions WHERE jsessionid = ?').get(digest) as SessionRow | undefined;
  if (!row) return undefined;
  const now = Date.now();
  if (now - row.lastseen > SESSION_TIMEOUT_S * 1000) {
    db.prepare('DELETE FROM sessions WHERE jsessionid = ?').run(digest);
    return undefined;
  }
  if (now - row.lastseen > 5000) db.prepare('UPDATE sessions SET lastseen = ? WHERE jsessionid = ?').run(now, digest);
  return { ...row, jsessionid, sessionkey: openSecret(db, row.sessionkey) };
}

export function deleteSession(db: Db, jsessionid: string): void {
  db.prepare('DELETE FROM sessions WHERE jsessionid = ?').run(secretDigest(db, jsessionid));
}
