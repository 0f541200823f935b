import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecretKey, secretBox } from './secrets';

const dir = mkdtempSync(join(tmpdir(), 'plans-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sealed secret keys', () => {
  it('creates the key file once, mode 0600, and reads the same key again', () => {
    const file = join(dir, 'sub', 'plans.key');
    const k1 = loadSecretKey(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(k1).toHaveLength(32);
    expect(loadSecretKey(file, {}).equals(k1)).toBe(true);
  });

  it('takes the key from PLANS_SECRET_KEY, and refuses one of the wrong size', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadSecretKey(join(dir, 'unused'), { PLANS_SECRET_KEY: key.toString('base64') }).equals(key)).toBe(true);
    expect(() => loadSecretKey(join(dir, 'unused'), { PLANS_SECRET_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('seals so that the secret is not in the sealed text, opens only with the same key', () => {
    const box = secretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('my-secret-key');
    expect(sealed).not.toContain('my-secret-key');
    expect(box.seal('my-secret-key')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('my-secret-key');
    expect(() => secretBox(Buffer.alloc(32, 2)).open(sealed)).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    expect(() => box.open([v, iv, tag, `${data}A`].join('.'))).toThrow();
  });
});
