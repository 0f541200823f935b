/**
 * The secret keys the runner signs with, stored encrypted (AES-256-GCM, node:crypto). The key comes from
 * PLANS_SECRET_KEY (32 bytes, base64) or from a key file created once with mode 0600. Neither the secret
 * nor the key is ever logged or sent to a browser.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** A box with a 32-byte key. Sealed text is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The plans secret key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed secret');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

/**
 * The key from the environment (PLANS_SECRET_KEY, base64 of 32 bytes), else from `file`, created with
 * mode 0600 when missing. Several serving processes on one database must share the key (same variable
 * or same file).
 */
export function loadSecretKey(file: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.PLANS_SECRET_KEY) {
    const key = Buffer.from(env.PLANS_SECRET_KEY, 'base64');
    if (key.length !== 32) throw new Error('PLANS_SECRET_KEY must be 32 bytes in base64');
    return key;
  }
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
