import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { formatExpires, stringToSign } from '../../src/api/signature';
import { checkSignature, MAX_EXPIRES_AHEAD_MS } from './signature';

const sign = (p: Record<string, string>, secret: string) => createHmac('sha1', secret).update(stringToSign(p)).digest('base64');

describe('signed requests: expires whatever the casing (issue 14, replay of expired signed requests)', () => {
  const secret = 'secret-key';
  const hourAgo = formatExpires(new Date(Date.now() - 6 * 3600_000));

  it.each(['signatureVersion', 'signatureVERSION', 'SIGNATUREVERSION', 'signatureversion'])('%s=3 with an expired expires is refused', (name) => {
    const p: Record<string, string> = { command: 'listZones', apiKey: 'k', [name]: '3', expires: hourAgo };
    p.signature = sign(p, secret);
    expect(checkSignature(p, secret)).toEqual({ ok: false, reason: 'the request has expired' });
  });

  it('an EXPIRES in another casing is read too, and one too far ahead is refused', () => {
    const p: Record<string, string> = { command: 'listZones', apiKey: 'k', SignatureVersion: '3', EXPIRES: hourAgo };
    p.signature = sign(p, secret);
    expect(checkSignature(p, secret).ok).toBe(false);
    const far: Record<string, string> = { command: 'listZones', apiKey: 'k', signatureVersion: '3', expires: formatExpires(new Date(Date.now() + MAX_EXPIRES_AHEAD_MS + 3600_000)) };
    far.signature = sign(far, secret);
    expect(checkSignature(far, secret)).toEqual({ ok: false, reason: 'expires lies too far ahead' });
    const soon: Record<string, string> = { command: 'listZones', apiKey: 'k', signatureVERSION: '3', expires: formatExpires(new Date(Date.now() + 600_000)) };
    soon.signature = sign(soon, secret);
    expect(checkSignature(soon, secret)).toEqual({ ok: true });
  });

  describe('over HTTP', () => {
    let t: TestServer;
    let keys: { apikey: string; secretkey: string };
    beforeAll(async () => {
      t = await startTestServer({ routers: 5 });
      const admin = await t.login('admin');
      keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as typeof keys;
    });
    afterAll(() => t.close());

    it('a signed updateConfiguration that expired six hours ago changes nothing', async () => {
      const p: Record<string, string> = { command: 'updateConfiguration', response: 'json', apiKey: keys.apikey, name: 'router.template.kvm',
        value: 'replayed', signatureVERSION: '3', expires: hourAgo };
      p.signature = sign(p, keys.secretkey);
      const res = await fetch(`${t.url}client/api`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(p).toString() });
      expect(res.status).toBe(401);
      const admin = await t.login('admin');
      const list = await admin.call('listConfigurations', { name: 'router.template.kvm' });
      expect(JSON.stringify(list.data)).not.toContain('replayed');
    });
  });
});
