import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from '../db/secrets';
import { command } from '../api/registry';
import { addEq, addEqs, addKeyword, emptyFilter, queryPage } from '../api/listing';
import { checkAccess, likeEscape, ownerFilter } from '../api/access';
import { notFound, notPermitted, paramError } from '../api/errors';
import type { Caller } from '../api/context';
import type { Db } from '../db/database';
import { readData } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';

interface DomainRow { id: string; name: string; parentid: string | null; path: string; data: string }
interface AccountRow { id: string; name: string; domainid: string; domainpath: string; accounttype: number; data: string }
interface UserRow { id: string; username: string; accountid: string; domainid: string; apikey: string | null; data: string }

const displayPath = (path: string) => (path === '/ROOT/' ? 'ROOT' : path.slice(1, -1));

function domainResponse(r: DomainRow) {
  const d = readData(r);
  return { ...d, id: r.id, name: r.name, path: displayPath(r.path), parentdomainid: r.parentid ?? undefined };
}

export const listDomains = command({
  name: 'listDomains',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = emptyFilter();
    if (p.id) {
      // A domain named by id is shown to whoever may see it (as CloudStack does), listall or not.
      const d = sim.db.prepare('SELECT path FROM domains WHERE id = ?').get(p.id) as { path: string } | undefined;
      if (!d) throw paramError(`Unable to execute API command listdomains due to invalid value. Invalid parameter id value=${p.id}: no such domain`);
      const visible = caller.accounttype === 1 || (caller.accounttype === 2 ? d.path.startsWith(caller.domainpath) : p.id === caller.domainid);
      if (!visible) throw notPermitted(`Account ${caller.account} does not have permission to access domain ${p.id}`);
    } else if (caller.accounttype === 0) addEq(f, 'id', caller.domainid);
    else if (caller.accounttype === 2 || !p.listall) {
      // Admins see their domain, and with listall its subtree.
      if (p.listall || caller.accounttype === 2) {
        f.where.push(`path LIKE ? ESCAPE '\\'`);
        f.args.push(`${likeEscape(caller.domainpath)}%`);
      } else addEq(f, 'id', caller.domainid);
    }
    addEqs(f, p, ['id', 'name']);
    if (p.level !== undefined) {
      f.where.push(`(length(path) - length(replace(path, '/', '')) - 2) = ?`);
      f.args.push(p.level);
    }
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<DomainRow>(sim.db, sim, 'domains', f, p, 'path');
    return { count, items: rows.map(domainResponse) };
  },
});

function accountResponse(db: Db, r: AccountRow) {
  const d = readData(r);
  const vms = db
    .prepare(`SELECT COUNT(*) AS total, SUM(state = 'Running') AS running FROM vms WHERE accountid = ?`)
    .get(r.id) as { total: number; running: number | null };
  return {
    ...d, id: r.id, name: r.name, accounttype: r.accounttype, domainid: r.domainid,
    vmtotal: vms.total, vmrunning: vms.running ?? 0, vmstopped: vms.total - (vms.running ?? 0),
  };
}

export const listAccounts = command({
  name: 'listAccounts',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, { listall: p.listall, domainid: p.domainid, isrecursive: p.isrecursive },
      { accountid: 'id', domainpath: 'domainpath' });
    addEqs(f, p, ['id', 'name', 'accounttype']);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<AccountRow>(sim.db, sim, 'accounts', f, p);
    return { count, items: rows.map((r) => accountResponse(sim.db, r)) };
  },
});

const USER_SQL = `(SELECT u.*, a.name AS account, a.accounttype, a.domainpath, d.name AS domain FROM users u
  JOIN accounts a ON a.id = u.accountid JOIN domains d ON d.id = u.domainid)`;

function userResponse(r: UserRow & { account: string; accounttype: number; domain: string }) {
  const d = readData(r);
  const roletype = r.accounttype === 1 ? 'Admin' : r.accounttype === 2 ? 'DomainAdmin' : 'User';
  return {
    ...d, id: r.id, username: r.username, accountid: r.accountid, account: r.account, accounttype: r.accounttype,
    domainid: r.domainid, domain: r.domain, roletype, apikey: r.apikey ?? undefined,
  };
}

export const listUsers = command({
  name: 'listUsers',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    addEqs(f, p, ['id', 'username', 'accounttype']);
    addKeyword(f, ['username', 'account'], p.keyword);
    const { count, rows } = queryPage<UserRow & { account: string; accounttype: number; domain: string }>(
      sim.db, sim, USER_SQL, f, p, 'username');
    return { count, items: rows.map(userResponse) };
  },
});

function userForKeys(db: Db, caller: Caller, id: string): UserRow & { domainpath: string } {
  const row = db
    .prepare('SELECT u.*, a.domainpath FROM users u JOIN accounts a ON a.id = u.accountid WHERE u.id = ?')
    .get(id) as (UserRow & { domainpath: string; secretkey: string | null }) | undefined;
  if (!row) throw notFound('user', id);
  // Keys are a user's own; an admin may manage the keys of users it administers.
  if (caller.accounttype === 0 && row.id !== caller.userid) {
    throw notPermitted(`Account ${caller.account} does not have permission to manage the keys of user ${row.username}`);
  }
  checkAccess(caller, { accountid: row.accountid, domainpath: row.domainpath }, `user ${row.username}`);
  return row;
}

export const registerUserKeys = command({
  name: 'registerUserKeys',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    userForKeys(sim.db, caller, p.id);
    const apikey = randomBytes(64).toString('base64url');
    const secretkey = randomBytes(64).toString('base64url');
    // The secret key is stored sealed (db/secrets.ts); the API key is an identifier, looked up as it is.
    sim.db.prepare('UPDATE users SET apikey = ?, secretkey = ? WHERE id = ?').run(apikey, sealSecret(sim.db, secretkey), p.id);
    return { apikey, secretkey };
  },
});

export const getUserKeys = command({
  name: 'getUserKeys',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    userForKeys(sim.db, caller, p.id);
    const keys = sim.db.prepare('SELECT apikey, secretkey FROM users WHERE id = ?').get(p.id) as { apikey: string | null; secretkey: string | null };
    return { apikey: keys.apikey ?? undefined, secretkey: keys.secretkey ? openSecret(sim.db, keys.secretkey) : undefined };
  },
});

/**
 * enableUser (EnableUserCmd, synchronous; answer `{"enableuserresponse":{"user":{...}}}`): enables a user that an
 * admin disabled or that `incorrect.login.attempts.allowed` wrong passwords disabled. As
 * AccountManagerImpl.enableUser, the failed-login count starts again from zero and a USER.ENABLE event is
 * written. Root admins, and domain admins for users of their domain tree (531 otherwise); 431 for an unknown id.
 */
export const enableUser = command({
  name: 'enableUser',
  access: 'admin',
  handle: ({ sim, caller }, p) => {
    const byId = () => sim.db.prepare(`SELECT * FROM ${USER_SQL} AS u WHERE id = ?`).get(p.id) as
      (UserRow & { account: string; accounttype: number; domain: string; domainpath: string }) | undefined;
    const row = byId();
    if (!row) throw notFound('user', p.id);
    checkAccess(caller, { accountid: row.accountid, domainpath: row.domainpath }, `user ${row.username}`);
    sim.db.transaction(() => {
      sim.db.prepare(`UPDATE users SET data = json_set(data, '$.state', 'enabled') WHERE id = ?`).run(p.id);
      sim.db.exec('CREATE TABLE IF NOT EXISTS login_attempts (userid TEXT PRIMARY KEY, attempts INTEGER NOT NULL)');
      sim.db.prepare('DELETE FROM login_attempts WHERE userid = ?').run(p.id);
      recordEvent(sim.db, {
        type: 'USER.ENABLE', level: 'INFO', description: `Enabling user ${row.username}`,
        owner: { ...ownerOf(sim.db, row), username: caller.username }, resourceid: row.id, resourcetype: 'User', resourcename: row.username,
      });
    })();
    return userResponse(byId()!);
  },
});

export const accountCommands = [listDomains, listAccounts, listUsers, registerUserKeys, getUserKeys, enableUser];
