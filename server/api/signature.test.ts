import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';
import { formatExpires } from '../../src/api/signature';

type Keys = { apikey: string; secretkey: string };

/**
 * Signs a request independently of src/api/signature.ts (so that a bug there cannot hide itself):
 * Java's URLEncoder with spaces as %20, sorted by name, lower-cased, HMAC-SHA1, base64.
 */
function independentSignature(params: Record<string, string>, secret: string): string {
  const javaEncode = (v: string) =>
    encodeURIComponent(v).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const text = Object.keys(params)
    .sort()
    .map((k) => `${k}=${javaEncode(params[k]!)}`)
    .join('&')
    .toLowerCase();
  return createHmac('sha1', secret).update(text).digest('base64');
}

async function send(t: TestServer, params: Record<string, string>, method: 'GET' | 'POST' = 'GET') {
  const url = `${t.url}client/api`;
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(method === 'GET' ? `${url}?${qs}` : url, {
    method,
    headers: method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    body: method === 'POST' ? qs : undefined,
  });
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, data: (body[`${params.command!.toLowerCase()}response`] ?? {}) as Record<string, unknown>, headers: res.headers };
}

describe('signed requests (API key and secret key)', () => {
  let t: TestServer;
  let keys: Keys;
  let aliceKeys: Keys;
  beforeAll(async () => {
    t = await startTestServer({ routers: 30 });
    const admin = await t.login('admin');
    keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as Keys;
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    aliceKeys = (await alice.call('registerUserKeys', { id: alice.userid })).data.userkeys as Keys;
  });
  afterAll(() => t.close());

  it('a correctly signed GET is answered as the key owner, without any session', async () => {
    const r = await t.signed(keys, 'listRouters', { listall: 'true' });
    const { count, items } = expectList(r, 'router');
    expect(count).toBe(30);
    expect(items).toHaveLength(30);
  });

  it('a correctly signed POST with values that need encoding works too', async () => {
    const params: Record<string, string> = { command: 'listRouters', response: 'json', apiKey: keys.apikey, listall: 'true', keyword: 'r-1 x*' };
    params.signature = independentSignature(params, keys.secretkey);
    const r = await send(t, params, 'POST');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ listroutersresponse: {} });
  });

  it('a signed call carries the role of the key owner', async () => {
    expectError(await t.signed(aliceKeys, 'listRouters'), 432);
    const own = expectList(await t.signed(aliceKeys, 'listVirtualMachines'), 'virtualmachine');
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((vm) => vm.account === 'alice')).toBe(true);
  });

  it('a bad signature answers 401', async () => {
    const params: Record<string, string> = { command: 'listZones', response: 'json', apiKey: keys.apikey };
    params.signature = independentSignature(params, `${keys.secretkey}x`);
    expectError(await send(t, params), 401);
    // A signature made for other parameters does not carry over.
    const other = { ...params, signature: independentSignature({ ...params, listall: 'true' }, keys.secretkey) };
    expectError(await send(t, other), 401);
    // Garbage and a missing signature.
    expectError(await send(t, { ...params, signature: 'not base64 at all!' }), 401);
    const { signature: _unused, ...unsigned } = params;
    void _unused;
    expectError(await send(t, unsigned), 401);
  });

  it('an unknown API key answers 401', async () => {
    const fake = { apikey: 'no-such-key', secretkey: keys.secretkey };
    expectError(await t.signed(fake, 'listZones'), 401);
  });

  it('keys registered again replace the old ones', async () => {
    const admin = await t.login('admin');
    const old = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as Keys;
    const fresh = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as Keys;
    expectError(await t.signed(old, 'listZones'), 401);
    expect((await t.signed(fresh, 'listZones')).status).toBe(200);
    keys = fresh;
  });

  it('signatureVersion=3 with expires in the future is accepted', async () => {
    const future = formatExpires(new Date(Date.now() + 10 * 60_000));
    const r = await t.signed(keys, 'listZones', {}, { expires: future });
    expect(expectList(r, 'zone').count).toBe(3);
    // The other forms of the offset CloudStack accepts.
    const colon = future.replace(/\+0000$/, '+00:00');
    expect((await t.signed(keys, 'listZones', {}, { expires: colon })).status).toBe(200);
  });

  it('signatureVersion=3 with expires in the past answers 401', async () => {
    const past = formatExpires(new Date(Date.now() - 60_000));
    expectError(await t.signed(keys, 'listZones', {}, { expires: past }), 401);
  });

  it('signatureVersion=3 without expires, or with a date that is not one, answers 401', async () => {
    const params: Record<string, string> = { command: 'listZones', response: 'json', apiKey: keys.apikey, signatureVersion: '3' };
    params.signature = independentSignature(params, keys.secretkey);
    expectError(await send(t, params), 401);
    const bad: Record<string, string> = { command: 'listZones', response: 'json', apiKey: keys.apikey, signatureVersion: '3', expires: 'tomorrow' };
    bad.signature = independentSignature(bad, keys.secretkey);
    expectError(await send(t, bad), 401);
  });

  it('the expiry cannot be moved without breaking the signature', async () => {
    const past = formatExpires(new Date(Date.now() - 60_000));
    const params: Record<string, string> = { command: 'listZones', response: 'json', apiKey: keys.apikey, signatureVersion: '3', expires: past };
    params.signature = independentSignature(params, keys.secretkey);
    params.expires = formatExpires(new Date(Date.now() + 60_000));
    expectError(await send(t, params), 401);
  });
});
