import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { verifyPasswordAsync, hashPassword } from './passwords';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Issue 14, login: attempts counted per user, hashing off the event loop, unknown users hashed too. */
describe('login as CloudStack does it (issue 14)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 5 });
  });
  afterAll(() => t.close());

  const attempt = async (username: string, password: string, domain = '/ROOT/Engineering/QA/') => {
    const r = await fetch(`${t.url}client/api`, { method: 'POST', headers: form, body: new URLSearchParams({ command: 'login', username, password, domain, response: 'json' }).toString() });
    await r.arrayBuffer();
    return r.status;
  };

  it('disables a user after incorrect.login.attempts.allowed wrong passwords; then the right one is refused too, and an event says so', async () => {
    const admin = await t.login();
    expect((await admin.call('updateConfiguration', { name: 'incorrect.login.attempts.allowed', value: '3' })).status).toBe(200);
    expect(await attempt('carol', 'wrong')).toBe(531);
    expect(await attempt('carol', 'wrong')).toBe(531);
    // A good login in between starts the count again.
    expect(await attempt('carol', 'password')).toBe(200);
    for (let i = 0; i < 3; i++) expect(await attempt('carol', 'wrong')).toBe(531);
    expect(await attempt('carol', 'password')).toBe(531);
    const users = expectList<{ username: string; state: string }>(await admin.call('listUsers', { listall: true, username: 'carol' }), 'user').items;
    expect(users[0]!.state).toBe('disabled');
    const events = expectList<{ type: string; description: string }>(await admin.call('listEvents', { listall: true, type: 'USER.DISABLE' }), 'event').items;
    expect(events.some((e) => /carol has been disabled due to multiple failed login attempts/.test(e.description))).toBe(true);
    // CloudStack's AccountManagerImpl raises no alert when it disables a user (only a WARN in its log).
    const alerts = expectList<{ description: string }>(await admin.call('listAlerts'), 'alert').items;
    expect(alerts.filter((a) => /carol/.test(a.description))).toEqual([]);

    // An admin enables the user again (enableUser); the count starts from zero and the right password works.
    const enabled = await admin.call('enableUser', { id: (users[0] as unknown as { id: string }).id });
    expect(enabled.status).toBe(200);
    expect((enabled.body as { enableuserresponse: { user: { state: string } } }).enableuserresponse.user.state).toBe('enabled');
    expect(await attempt('carol', 'wrong')).toBe(531);
    expect(await attempt('carol', 'password')).toBe(200);
    const enableEvents = expectList<{ type: string }>(await admin.call('listEvents', { listall: true, type: 'USER.ENABLE' }), 'event').items;
    expect(enableEvents.length).toBeGreaterThan(0);
  });

  it('enableUser is an admin command: a user gets 432 for it', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const r = await alice.call('enableUser', { id: alice.userid });
    expect(r.status).toBe(432);
  });

  it('never disables the root admin account (internal), whose login stays possible', async () => {
    for (let i = 0; i < 4; i++) expect(await attempt('admin', 'wrong', '/')).toBe(531);
    expect(await attempt('admin', 'password', '/')).toBe(200);
  });

  it('hashes off the event loop: the loop keeps turning while a login is checked', async () => {
    const stored = hashPassword('secret');
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const checks = Promise.all(Array.from({ length: 8 }, () => verifyPasswordAsync('secret', stored)));
    const results = await checks;
    clearInterval(timer);
    expect(results.every(Boolean)).toBe(true);
    // With scryptSync the eight checks would have run before the timer could fire once.
    expect(turns).toBeGreaterThan(0);
  });

  it('checks an unknown user against a hash of the same cost, and a malformed one too, answering false', async () => {
    expect(await verifyPasswordAsync('x', undefined)).toBe(false);
    expect(await verifyPasswordAsync('x', '!')).toBe(false);
    expect(await verifyPasswordAsync('x', 'scrypt$3$AAAA$BBBB')).toBe(false);
  });
});
