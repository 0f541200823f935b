import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { nowDate } from '../db/rows';

export interface EventOwner {
  accountid: string;
  account: string;
  domainid: string;
  domain: string;
  domainpath: string;
  username?: string;
}

export interface EventInput {
  type: string;
  level?: 'INFO' | 'WARN' | 'ERROR';
  state?: 'Scheduled' | 'Started' | 'Completed' | 'Created';
  description: string;
  owner: EventOwner;
  resourceid?: string;
  resourcetype?: string;
  resourcename?: string;
}

/** Writes one CloudStack event (listEvents); `seq` orders events created within the same second. */
export function recordEvent(db: Db, e: EventInput): void {
  const data = {
    account: e.owner.account,
    domainid: e.owner.domainid,
    domain: e.owner.domain,
    domainpath: e.owner.domainpath,
    username: e.owner.username ?? e.owner.account,
    resourcetype: e.resourcetype,
    resourcename: e.resourcename,
    archived: false,
  };
  db.prepare(
    `INSERT INTO events (id, seq, type, level, state, description, accountid, domainpath, resourceid, created, data)
     VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM events), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(randomUUID(), e.type, e.level ?? 'INFO', e.state ?? 'Completed', e.description, e.owner.accountid,
    e.owner.domainpath, e.resourceid ?? null, nowDate(), JSON.stringify(data));
}

/** Raises one CloudStack alert (listAlerts). */
export function recordAlert(db: Db, type: number, name: string, description: string): void {
  db.prepare(
    `INSERT INTO alerts (id, seq, type, name, description, sent)
     VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM alerts), ?, ?, ?, ?)`,
  ).run(randomUUID(), type, name, description, nowDate());
}
