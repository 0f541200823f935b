import { z } from 'zod';
import { command } from '../api/registry';
import { P } from '../api/params';
import { ApiError } from '../api/errors';
import { callerById, loginCandidate } from './callers';
import { createSession, deleteSession, SESSION_TIMEOUT_S } from './sessions';
import { verifyPassword } from './passwords';
import { MANAGEMENT_SERVER_VERSION } from '../seed/versions';

export const LOGIN_FAILED = 'Failed to authenticate user admin; please provide valid credentials';

/** The JSESSIONID cookie: HttpOnly, SameSite=Lax, for the API's path. */
export function sessionCookie(jsessionid: string): string {
  return `JSESSIONID=${jsessionid}; Path=/client; HttpOnly; SameSite=Lax`;
}

export const login = command({
  name: 'login',
  access: 'public',
  params: z.object({
    username: P.str(),
    password: P.str(),
    domain: P.str().optional(),
    domainId: P.id().optional(),
    domainid: P.id().optional(),
  }),
  handle: ({ sim, http }, p) => {
    const candidate = loginCandidate(sim.db, p.username, { path: p.domain, id: p.domainId ?? p.domainid });
    // The same answer for an unknown user, a disabled one and a wrong password: nothing to probe.
    const ok = candidate && candidate.state === 'enabled' && verifyPassword(p.password, candidate.passwordhash);
    // DefaultLoginAPIAuthenticatorImpl: a CloudAuthenticationException is answered as ACCOUNT_ERROR (531),
    // serialized by getSerializedApiError(int, ...), which sets no cserrorcode.
    if (!candidate || !ok) {
      throw new ApiError(531, 'Failed to authenticate user; please provide valid credentials', null);
    }
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
  params: z.object({}),
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
  params: z.object({}),
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
