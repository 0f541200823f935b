import type { Db } from '../db/database';
import type { EventOwner } from './events';

/** The account an object belongs to, in the form events carry. */
export function ownerOf(db: Db, row: { accountid: string; account: string; domainid: string; domainpath: string }): EventOwner {
  const d = db.prepare('SELECT name FROM domains WHERE id = ?').get(row.domainid) as { name: string } | undefined;
  return { accountid: row.accountid, account: row.account, domainid: row.domainid, domain: d?.name ?? '', domainpath: row.domainpath };
}

/** The system account, owner of system VMs. */
export function systemOwner(db: Db): EventOwner {
  const a = db.prepare(`SELECT id, name, domainid, domainpath FROM accounts WHERE accounttype = 1 ORDER BY rowid LIMIT 1`).get() as {
    id: string; name: string; domainid: string; domainpath: string;
  };
  return { accountid: a.id, account: 'system', domainid: a.domainid, domain: 'ROOT', domainpath: a.domainpath };
}
