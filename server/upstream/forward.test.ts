import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { startForwarder, type StartedForwarder } from '../main-lib';
import { rewriteSetCookie } from './cookies';
import { upstreamApiUrl } from './forward';

describe('forwarding to an upstream management server', () => {
  let upstream: TestServer;
  let forwarder: StartedForwarder;
  beforeAll(async () => {
    upstream = await startTestServer({ routers: 30 });
    forwarder = await startForwarder({ port: 0, upstream: `${upstream.url}client` });
  });
  afterAll(async () => {
    await forwarder.close();
    await upstream.close();
  });

  const post = (params: Record<string, string>, cookie?: string) =>
    fetch(`${forwarder.url}client/api`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ response: 'json', ...params }).toString(),
    });

  it('logs in, keeps the session cookie HttpOnly, and lists routers through the upstream', async () => {
    const login = await post({ command: 'login', username: 'admin', password: 'password', domain: '/' });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    const jsession = cookies.find((c) => c.startsWith('JSESSIONID='));
    expect(jsession).toMatch(/HttpOnly/);
    expect(jsession).toMatch(/Path=\/client/);
    const cookie = jsession!.split(';')[0]!;
    const { loginresponse } = (await login.json()) as { loginresponse: { sessionkey: string } };

    const routers = await post({ command: 'listRouters', listall: 'true', sessionkey: loginresponse.sessionkey }, cookie);
    expect(routers.status).toBe(200);
    const body = (await routers.json()) as { listroutersresponse: { count: number } };
    const direct = await (await upstream.login()).call('listRouters', { listall: true });
    expect(body.listroutersresponse.count).toBe(direct.data.count);

    const session = await fetch(`${forwarder.url}client/session`, { headers: { Cookie: cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { session: { sessionkey: string } }).session.sessionkey).toBe(loginresponse.sessionkey);
  });

  it('passes the upstream errors through with their status', async () => {
    const r = await post({ command: 'listRouters', listall: 'true' });
    expect(r.status).toBe(401);
    const body = (await r.json()) as { listroutersresponse: { errorcode: number } };
    expect(body.listroutersresponse.errorcode).toBe(401);
    const noSession = await fetch(`${forwarder.url}client/session`);
    expect(noSession.status).toBe(401);
  });

  it('answers a readable 530 when the upstream cannot be reached', async () => {
    const dead = await startForwarder({ port: 0, upstream: 'http://127.0.0.1:9/client' });
    try {
      const r = await fetch(`${dead.url}client/api?command=listZones&response=json`);
      expect(r.status).toBe(530);
      const body = (await r.json()) as { listzonesresponse: { errortext: string } };
      expect(body.listzonesresponse.errortext).toMatch(/could not be reached/);
    } finally {
      await dead.close();
    }
  });
});

describe('upstream helpers', () => {
  it('finds the API under any form of base URL', () => {
    expect(upstreamApiUrl('https://cloud.example.com/client')).toBe('https://cloud.example.com/client/api');
    expect(upstreamApiUrl('https://cloud.example.com/client/')).toBe('https://cloud.example.com/client/api');
    expect(upstreamApiUrl('https://cloud.example.com')).toBe('https://cloud.example.com/client/api');
    expect(upstreamApiUrl('https://cloud.example.com/client/api')).toBe('https://cloud.example.com/client/api');
  });

  it('drops the readable sessionkey cookie and rescopes the others', () => {
    expect(rewriteSetCookie('sessionkey=abc; Path=/client; Secure')).toBeUndefined();
    expect(rewriteSetCookie('JSESSIONID=XYZ; Path=/client; Domain=cloud.example.com; Secure; HttpOnly')).toBe(
      'JSESSIONID=XYZ; Path=/client; HttpOnly; SameSite=Lax',
    );
    expect(rewriteSetCookie('userid=u1; Path=/; Max-Age=0')).toBe('userid=u1; Path=/client; Max-Age=0; SameSite=Lax');
  });
});
