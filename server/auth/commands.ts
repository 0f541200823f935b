import { command } from '../api/registry';
import { ApiError } from '../api/errors';
import { callerById, loginCandidate } from './callers';
import { createSession, deleteSession, SESSION_TIMEOUT_S } from './sessions';
import { verifyPasswordAsync } from './passwords';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { Simulator } from '../api/context';
import { MANAGEMENT_SERVER_VERSION } from '../seed/versions';

export const LOGIN_FAILED = 'Failed to authenticate user admin; please provide valid credentials';

/** The JSESSIONID cookie: HttpOnly, SameSite=Lax, for the API's path. */
export function sessionCookie(jsessionid: string): string {
  return `JSESSIONID=${jsessionid}; Path=/client; HttpOnly; SameSite=Lax`;
}

/**
 * The failed logins of each user since their last good one (CloudStack keeps them in user.login_attempts).
 * Created here, with the table, on first use.
 */
const withAttempts = new WeakSet<object>();
function attemptsTable(sim: Simulator): void {
  if (withAttempts.has(sim.db)) return;
  sim.db.exec('CREATE TABLE IF NOT EXISTS login_attempts (userid TEXT PRIMARY KEY, attempts INTEGER NOT NULL)');
  withAttempts.add(sim.db);
}

/**
 * A wrong password for an enabled user, as AccountManagerImpl.authenticateUser counts it
 * (updateLoginAttemptsWhenIncorrectLoginAttemptsEnabled): below `incorrect.login.attempts.allowed` the count goes
 * up; at it the user is disabled and must be enabled again by an admin. Internal accounts (the root domain's
 * `admin` account, as CloudStack's isInternalAccount) are never disabled; the serving process's per-address rate
 * limit covers them.
 *
 * What CloudStack says when it disables the user: AccountManagerImpl logs a WARN "User {} has been disabled due
 * to multiple failed login attempts. Please contact admin." and raises no alert (it has no AlertManager; its
 * updateLoginAttempts only sets the state), so no alert is raised here. The USER.DISABLE event with the same
 * text is this simulator's (issue 14 asks for it so that an admin can see why the user was disabled).
 */
function countFailedLogin(sim: Simulator, userid: string): void {
  const user = sim.db.prepare(`SELECT u.username, a.id AS accountid, a.name AS account, a.domainid, a.domainpath, d.path AS dpath
    FROM users u JOIN accounts a ON a.id = u.accountid JOIN domains d ON d.id = a.domainid WHERE u.id = ?`).get(userid) as
    { username: string; accountid: string; account: string; domainid: string; domainpath: string; dpath: string } | undefined;
  if (!user || (user.account === 'admin' && user.dpath === '/ROOT/')) return;
  const allowed = Math.max(1, sim.settings.effectiveNumber('incorrect.login.attempts.allowed') || 5);
  sim.db.transaction(() => {
    const made = ((sim.db.prepare('SELECT attempts FROM login_attempts WHERE userid = ?').get(userid) as { attempts: number } | undefined)?.attempts ?? 0) + 1;
    if (made < allowed) {
      sim.db.prepare('INSERT INTO login_attempts (userid, attempts) VALUES (?, ?) ON CONFLICT (userid) DO UPDATE SET attempts = excluded.attempts').run(userid, made);
      return;
    }
    // Disabled: the count starts again from zero once an admin enables the user.
    sim.db.prepare('DELETE FROM login_attempts WHERE userid = ?').run(userid);
    sim.db.prepare(`UPDATE users SET data = json_set(data, '$.state', 'disabled') WHERE id = ?`).run(userid);
    recordEvent(sim.db, {
      type: 'USER.DISABLE', level: 'WARN',
      description: `User ${user.username} has been disabled due to multiple failed login attempts. Please contact admin.`,
      owner: { ...ownerOf(sim.db, user), username: user.username }, resourceid: userid, resourcetype: 'User', resourcename: user.username,
    });
    sim.log(`User ${user.username} has been disabled due to multiple failed login attempts. Please contact admin.`);
  })();
}

export const login = command({
  name: 'login',
  access: 'public',
  handle: async ({ sim, http }, p) => {
    attemptsTable(sim);
    const candidate = loginCandidate(sim.db, p.username, { path: p.domain, id: p.domainId ?? p.domainid });
    // Hashed off the event loop, an unknown user against a decoy hash of the same cost: the same time and the
    // same answer for an unknown user, a disabled one and a wrong password; nothing to probe.
    const matches = await verifyPasswordAsync(p.password, candidate?.passwordhash);
    const ok = !!candidate && candidate.state === 'enabled' && matches;
    if (!candidate || !ok) {
      if (candidate && candidate.state === 'enabled' && !matches) countFailedLogin(sim, candidate.userid);
      // DefaultLoginAPIAuthenticatorImpl: a CloudAuthenticationException is answered as ACCOUNT_ERROR (531),
      // serialized by getSerializedApiError(int, ...), which sets no cserrorcode.
      throw new ApiError(531, 'Failed to authenticate user; please provide valid credentials', null);
    }
    sim.db.prepare('DELETE FROM login_attempts WHERE userid = ?').run(candidate.userid);
    const caller = callerById(sim.db, candidate.userid)!;
    // login is public, so the dispatcher has not read the session: a successful login replaces the one the
    // browser's cookie names (as CloudStack invalidates the old HTTP session), so no old session lingers.
    const previous = http.jsessionid ?? http.cookies.JSESSIONID;
    if (previous) deleteSession(sim.db, previous);
    const session = createSession(sim.db, caller.userid);
    http.setCookie(sessionCookie(session.jsessionid));
    const user = sim.db.prepare('SELECT data FROM users WHERE id = ?').get(caller.userid) as { data: string };
    const data = JSON.parse(user.data) as { firstname?: string; lastname?: string; timezone?: string };
    return {
      username: caller.username,
      userid: caller.userid,
      domainid: caller.domainid,
      timeout: SESSION_TIMEOUT_S,
      account: caller.account,
      firstname: data.firstname ?? '',
      lastname: data.lastname ?? '',
      type: String(caller.accounttype),
      timezone: data.timezone ?? 'UTC',
      timezoneoffset: '0.0',
      registered: 'false',
      sessionkey: session.sessionkey,
      is2faenabled: 'false',
      is2faverified: 'true',
    };
  },
});

/**
 * logout, an API authenticator in CloudStack (DefaultLogoutAPIAuthenticatorImpl): it answers "success" with or
 * without a session, and the servlet invalidates the session its JSESSIONID names and expires the cookies.
 */
export const logout = command({
  name: 'logout',
  access: 'public',
  handle: ({ sim, http }) => {
    const jsessionid = http.jsessionid ?? http.cookies.JSESSIONID;
    if (jsessionid) deleteSession(sim.db, jsessionid);
    http.setCookie('JSESSIONID=; Path=/client; HttpOnly; SameSite=Lax; Max-Age=0');
    return { description: 'success' };
  },
});

/**
 * listCapabilities: CapabilitiesResponse as 4.20 fills it (ManagementServerImpl.listCapabilities), every field
 * the class declares and nothing else, with the settings' defaults; `apilimitinterval`/`apilimitmax` only
 * appear when api.throttling.enabled is true (it is false by default).
 */
export const listCapabilities = command({
  name: 'listCapabilities',
  access: 'user',
  handle: ({ sim }) => ({
    securitygroupsenabled: false,
    dynamicrolesenabled: true,
    cloudstackversion: MANAGEMENT_SERVER_VERSION,
    userpublictemplateenabled: true,
    supportELB: 'false',
    projectinviterequired: false,
    allowusercreateprojects: true,
    customdiskofferingminsize: 1,
    customdiskofferingmaxsize: 1024,
    regionsecondaryenabled: false,
    kvmsnapshotenabled: false,
    allowuserviewdestroyedvm: false,
    allowuserexpungerecovervm: false,
    allowuserexpungerecovervolume: true,
    allowuserviewalldomainaccounts: false,
    kubernetesserviceenabled: false,
    kubernetesclusterexperimentalfeaturesenabled: false,
    customhypervisordisplayname: 'Custom',
    defaultuipagesize: Math.min(20, sim.settings.effectiveNumber('default.page.size')),
    instancesstatsretentiontime: 720,
    instancesstatsuseronly: false,
    instancesdisksstatsretentionenabled: false,
    instancesdisksstatsretentiontime: 720,
    sharedfsvmmincpucount: 2,
    sharedfsvmminramsize: 1024,
  }),
});
