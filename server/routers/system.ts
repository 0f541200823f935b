import { createHash } from 'node:crypto';
import type { Db } from '../db/database';

/**
 * The id of CloudStack's system user (User.UID_SYSTEM, username `system`), who owns the jobs the
 * management server starts itself (the reboots of upgradeRouterTemplate). Read from the users table;
 * a database seeded before the system user existed gets a fixed id derived from the name.
 */
export function systemUserId(db: Db): string {
  const row = db.prepare(`SELECT id FROM users WHERE username = 'system' ORDER BY rowid LIMIT 1`).get() as { id: string } | undefined;
  if (row) return row.id;
  const h = createHash('sha1').update('cloudstack:user:system').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
