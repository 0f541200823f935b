import type { Db } from '../db/database';
import type { Caller } from './context';
import { ApiError, notPermitted, paramError } from './errors';

export interface Filter {
  where: string[];
  args: unknown[];
}

/** True when an object owned by (accountid, domainpath) is the caller's to see and act on. */
export function canAccess(caller: Caller, owner: { accountid: string; domainpath: string }): boolean {
  if (caller.accounttype === 1) return true;
  if (caller.accounttype === 2) return owner.domainpath.startsWith(caller.domainpath);
  return owner.accountid === caller.accountid;
}

export function checkAccess(caller: Caller, owner: { accountid: string; domainpath: string }, what: string): void {
  if (!canAccess(caller, owner)) {
    throw notPermitted(`Account ${caller.account} does not have permission to operate on ${what}`);
  }
}

/**
 * Which accounts' objects a list call shows, as CloudStack's list commands decide it: a user its own;
 * an admin its own unless listall=true (then its whole domain subtree, all of it for the root admin) or a
 * domainid/account names a domain or account the admin may see, or an id names one object.
 */
export function ownerFilter(
  db: Db,
  caller: Caller,
  p: { listall?: boolean; account?: string; domainid?: string; isrecursive?: boolean; id?: string },
  cols = { accountid: 'accountid', domainpath: 'domainpath' },
): Filter {
  const f: Filter = { where: [], args: [] };
  let domainPath: string | undefined;
  if (p.domainid) {
    const d = db.prepare('SELECT path FROM domains WHERE id = ?').get(p.domainid) as { path: string } | undefined;
    if (!d) throw paramError(`Unable to find domain by id ${p.domainid}`);
    if (caller.accounttype !== 1 && !d.path.startsWith(caller.domainpath)) {
      throw notPermitted(`Account ${caller.account} does not have permission to access domain ${p.domainid}`);
    }
    domainPath = d.path;
  }
  if (p.account) {
    const path = domainPath ?? caller.domainpath;
    const a = db
      .prepare('SELECT id FROM accounts WHERE name = ? AND domainpath = ?')
      .get(p.account, path) as { id: string } | undefined;
    if (!a) throw paramError(`Unable to find account ${p.account} in domain ${path}`);
    if (caller.accounttype === 0 && a.id !== caller.accountid) {
      throw notPermitted(`Account ${caller.account} does not have permission to access account ${p.account}`);
    }
    f.where.push(`${cols.accountid} = ?`);
    f.args.push(a.id);
    return f;
  }
  if (caller.accounttype === 0) {
    f.where.push(`${cols.accountid} = ?`);
    f.args.push(caller.accountid);
    return f;
  }
  if (domainPath) {
    const recursive = p.isrecursive ?? p.listall ?? false;
    f.where.push(recursive ? `${cols.domainpath} LIKE ? ESCAPE '\\'` : `${cols.domainpath} = ?`);
    f.args.push(recursive ? `${likeEscape(domainPath)}%` : domainPath);
    return f;
  }
  // Asking for one object by id looks across everything the caller may see, as listall does.
  if (p.listall || p.id) {
    if (caller.accounttype === 2) {
      f.where.push(`${cols.domainpath} LIKE ? ESCAPE '\\'`);
      f.args.push(`${likeEscape(caller.domainpath)}%`);
    }
    return f;
  }
  f.where.push(`${cols.accountid} = ?`);
  f.args.push(caller.accountid);
  return f;
}

export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function requireOne(p: Record<string, unknown>, names: string[], command: string): void {
  if (!names.some((n) => p[n] !== undefined)) {
    throw new ApiError(431, `Unable to execute API command ${command.toLowerCase()}: one of ${names.join(', ')} is required`);
  }
}
