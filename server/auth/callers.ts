import type { Db } from '../db/database';
import { openSecret } from '../db/secrets';
import type { Caller } from '../api/context';

interface CallerRow {
  userid: string;
  username: string;
  accountid: string;
  account: string;
  accounttype: number;
  domainid: string;
  domain: string;
  domainpath: string;
  state: string;
}

const CALLER_SQL = `
  SELECT u.id AS userid, u.username, a.id AS accountid, a.name AS account, a.accounttype, d.id AS domainid,
         d.name AS domain, d.path AS domainpath, json_extract(u.data, '$.state') AS state
  FROM users u JOIN accounts a ON a.id = u.accountid JOIN domains d ON d.id = a.domainid`;

function toCaller(row: CallerRow): Caller {
  const accounttype = (row.accounttype === 1 ? 1 : row.accounttype === 2 ? 2 : 0) as 0 | 1 | 2;
  return {
    userid: row.userid,
    username: row.username,
    accountid: row.accountid,
    account: row.account,
    accounttype,
    domainid: row.domainid,
    domain: row.domain,
    domainpath: row.domainpath,
    roletype: accounttype === 1 ? 'Admin' : accounttype === 2 ? 'DomainAdmin' : 'User',
  };
}

export function callerById(db: Db, userid: string): Caller | undefined {
  const row = db.prepare(`${CALLER_SQL} WHERE u.id = ?`).get(userid) as CallerRow | undefined;
  return row && row.state === 'enabled' ? toCaller(row) : undefined;
}

export function callerByApiKey(db: Db, apikey: string): { caller: Caller; secretkey: string } | undefined {
  const row = db.prepare(`${CALLER_SQL} WHERE u.apikey = ?`).get(apikey) as CallerRow | undefined;
  if (!row || row.state !== 'enabled') return undefined;
  const keys = db.prepare('SELECT secretkey FROM users WHERE id = ?').get(row.userid) as { secretkey: string };
  return { caller: toCaller(row), secretkey: openSecret(db, keys.secretkey) };
}

/** Finds a login's user by name and domain (a path such as / or /ROOT/Sales/, or a domain id). */
export function loginCandidate(
  db: Db,
  username: string,
  domain: { path?: string; id?: string },
): { userid: string; passwordhash: string; state: string } | undefined {
  let domainid = domain.id;
  if (!domainid) {
    let path = domain.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    if (!path.endsWith('/')) path = `${path}/`;
    if (!path.toUpperCase().startsWith('/ROOT/')) path = `/ROOT${path}`;
    const d = db.prepare('SELECT id FROM domains WHERE lower(path) = lower(?)').get(path) as { id: string } | undefined;
    domainid = d?.id;
  }
  if (!domainid) return undefined;
  return db
    .prepare(`SELECT id AS userid, passwordhash, json_extract(data, '$.state') AS state FROM users WHERE username = ? AND domainid = ?`)
    .get(username, domainid) as { userid: string; passwordhash: string; state: string } | undefined;
}
