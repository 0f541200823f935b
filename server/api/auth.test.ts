import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { expectError } from '../testing/expect';

/** Sends one raw request to /client/api, so that the test controls cookies and parameters exactly. */
async function raw(t: TestServer, params: Record<string, string>, cookie?: string, method: 'GET' | 'POST' = 'POST') {
  const qs = new URLSearchParams({ response: 'json', ...params });
  const url = `${t.url}client/api`;
  const res = await fetch(method === 'GET' ? `${url}?${qs}` : url, {
    method,
    headers: { ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
    body: method === 'POST' ? qs.toString() : undefined,
  });
  const body = (await res.json()) as Record<string, unknown>;
  const data = (body[`${String(params.command).toLowerCase()}response`] ?? {}) as Record<string, unknown>;
  return { status: res.status, body, data, headers: res.headers };
}

describe('login, logout and sessions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
  });
  afterAll(() => t.close());

  it('login answers loginresponse with the session fields and an HttpOnly, SameSite=Lax JSESSIONID cookie', async () => {
    const r = await raw(t, { command: 'login', username: 'admin', password: 'password', domain: '/' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['loginresponse']);
    expect(r.data).toMatchObject({ username: 'admin', account: 'admin', type: '1', timeout: expect.any(Number) });
    for (const f of ['sessionkey', 'userid', 'domainid', 'firstname', 'lastname', 'timezone', 'registered']) {
      expect(r.data[f], f).toBeDefined();
    }
    const cookies = r.headers.getSetCookie();
    const jsession = cookies.find((c) => c.startsWith('JSESSIONID='));
    expect(jsession).toBeDefined();
    const attrs = jsession!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    // The session key is a parameter the client sends back, never the cookie itself.
    expect(jsession).not.toContain(String(r.data.sessionkey));
  });

  it('logs in users of sub-domains by domain path and by domainId, with their role type', async () => {
    const alice = await raw(t, { command: 'login', username: 'alice', password: 'password', domain: '/ROOT/Engineering/' });
    expect(alice.status).toBe(200);
    expect(alice.data.type).toBe('0');
    const eng = await raw(t, { command: 'login', username: 'eng-admin', password: 'password', domainId: String(alice.data.domainid) });
    expect(eng.status).toBe(200);
    expect(eng.data.type).toBe('2');
    // The same user name in the wrong domain does not exist.
    const wrongDomain = await raw(t, { command: 'login', username: 'alice', password: 'password', domain: '/ROOT/Sales/' });
    expectError(wrongDomain, 531);
  });

  it('a wrong password answers 531 (ACCOUNT_ERROR, no cserrorcode) and sets no cookie', async () => {
    const r = await raw(t, { command: 'login', username: 'admin', password: 'wrong', domain: '/' });
    expectError(r, 531);
    expect(r.data.cserrorcode).toBeUndefined();
    expect(Object.keys(r.body)).toEqual(['loginresponse']);
    expect(r.headers.getSetCookie().filter((c) => c.startsWith('JSESSIONID='))).toHaveLength(0);
    expect(JSON.stringify(r.body)).not.toContain('wrong');
    const unknown = await raw(t, { command: 'login', username: 'nobody', password: 'password', domain: '/' });
    expectError(unknown, 531);
    // An unknown user and a wrong password give the same text: nothing to probe.
    expect(unknown.data.errortext).toBe(r.data.errortext);
  });

  it('login without username or password answers 431 naming the parameter', async () => {
    expectError(await raw(t, { command: 'login', password: 'password' }), 431, /username/);
    expectError(await raw(t, { command: 'login', username: 'admin' }), 431, /password/);
    expectError(await raw(t, { command: 'login', username: 'admin', password: 'password', domainId: 'not-a-uuid' }), 431, /domain/i);
  });

  it('a call without any session answers 401', async () => {
    expectError(await t.anonymous('listZones'), 401);
    expectError(await t.anonymous('listZones', {}, { method: 'GET' }), 401);
    expectError(await t.anonymous('listCapabilities', { sessionkey: 'made-up' }), 401);
  });

  it('the cookie alone is not enough (CSRF guard): no sessionkey answers 401', async () => {
    const admin = await t.login('admin');
    expectError(await raw(t, { command: 'listZones' }, admin.cookie), 401);
    expectError(await raw(t, { command: 'listZones' }, admin.cookie, 'GET'), 401);
    expect((await raw(t, { command: 'listZones', sessionkey: admin.sessionkey }, admin.cookie)).status).toBe(200);
  });

  it("the session key of one user with another user's cookie answers 401", async () => {
    const admin = await t.login('admin');
    const bob = await t.login('bob', 'password', '/ROOT/Sales/');
    expectError(await raw(t, { command: 'listZones', sessionkey: admin.sessionkey }, bob.cookie), 401);
    expectError(await raw(t, { command: 'listZones', sessionkey: bob.sessionkey }, admin.cookie), 401);
    // A session key without its cookie is not enough either.
    expectError(await raw(t, { command: 'listZones', sessionkey: admin.sessionkey }), 401);
  });

  it('logout ends the session and clears the cookie; other sessions live on', async () => {
    const a = await t.login('admin');
    const b = await t.login('admin');
    expect((await a.call('listCapabilities')).status).toBe(200);
    const out = await a.call('logout');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ logoutresponse: { description: 'success' } });
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('JSESSIONID='));
    expect(cleared).toMatch(/Max-Age=0/i);
    expectError(await a.call('listCapabilities'), 401);
    // logout is an API authenticator: it answers success with or without a session.
    expect((await a.call('logout')).body).toEqual({ logoutresponse: { description: 'success' } });
    expect((await b.call('listCapabilities')).status).toBe(200);
  });

  it('logging in again with an old cookie replaces that session', async () => {
    const a = await t.login('admin');
    const again = await raw(t, { command: 'login', username: 'admin', password: 'password', domain: '/' }, a.cookie);
    expect(again.status).toBe(200);
    expectError(await a.call('listZones'), 401);
  });

  it('listCapabilities answers the capability object to every role', async () => {
    for (const [user, domain] of [['admin', '/'], ['eng-admin', '/ROOT/Engineering/'], ['alice', '/ROOT/Engineering/']] as const) {
      const s = await t.login(user, 'password', domain);
      const r = await s.call('listCapabilities');
      expect(r.status).toBe(200);
      expect(Object.keys(r.data)).toEqual(['capability']);
      const cap = r.data.capability as Record<string, unknown>;
      expect(cap.cloudstackversion).toMatch(/^4\.\d+/);
      expect(typeof cap.securitygroupsenabled).toBe('boolean');
      expect(typeof cap.defaultuipagesize).toBe('number');
      // Only with api.throttling.enabled (false by default) does CloudStack add the API limits.
      expect(cap.apilimitmax).toBeUndefined();
      expect(cap.routerversioncheck).toBeUndefined();
    }
  });

  it('an unknown command answers 432', async () => {
    const admin = await t.login('admin');
    const r = await admin.call('deployWarpDrive');
    expectError(r, 432, /deployWarpDrive/);
  });

  it('a user calling an admin or root command answers 432', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    expectError(await alice.call('listRouters'), 432, /listRouters/);
    expectError(await alice.call('listSystemVms'), 432);
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    expectError(await eng.call('listSystemVms'), 432);
    expectError(await eng.call('listHosts'), 432);
  });

  it('/client/session resumes a session from the cookie only for a live session', async () => {
    const a = await t.login('admin');
    const res = await fetch(`${t.url}client/session`, { headers: { Cookie: a.cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { session: { sessionkey: string; username: string } };
    expect(body.session.sessionkey).toBe(a.sessionkey);
    await a.call('logout');
    const gone = await fetch(`${t.url}client/session`, { headers: { Cookie: a.cookie } });
    expect(gone.status).toBe(401);
  });
});
