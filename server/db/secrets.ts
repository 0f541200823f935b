import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Db } from './database';

/**
 * Secrets at rest: API secret keys, session keys, VNC passwords and the console proxy's private key are kept
 * in the database sealed with AES-256-GCM under a key kept apart from it: the environment's
 * SIMULATOR_SECRET_KEY (32 bytes, base64 or hex), or a key file beside the database (`<db>.key`, created with
 * mode 0600). Lookups by a secret (the JSESSIONID cookie) use an HMAC-SHA256 digest under the same key.
 * Values written before this existed (no `enc:v1:` prefix) are read as they are.
 */
const PREFIX = 'enc:v1:';
const keys = new WeakMap<object, Buffer>();

/** The environment variable that may hold the key instead of a key file. */
export const SECRET_KEY_ENV = 'SIMULATOR_SECRET_KEY';

/** Reads a 32-byte key given as base64 or hex; throws a message for the user when it is not one. */
function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) throw new Error(`The secret key in ${where} is not 32 bytes (base64 or hex)`);
  return buf;
}

/**
 * The key of a database file: from the environment, else `<file>.key` (created 0600 with a random key when
 * absent), else for ':memory:' a random key of this process. Throws a readable Error when the key file cannot
 * be read or holds no key.
 */
export function loadSecretKey(file: string, env: Record<string, string | undefined> = process.env): Buffer {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) return decodeKey(fromEnv, `$${SECRET_KEY_ENV}`);
  if (file === ':memory:' || file === '') return randomBytes(32);
  const keyFile = `${file}.key`;
  if (!existsSync(keyFile)) {
    const key = randomBytes(32);
    const fd = openSync(keyFile, 'wx', 0o600);
    try {
      writeSync(fd, `${key.toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    return key;
  }
  chmodSync(keyFile, 0o600);
  return decodeKey(readFileSync(keyFile, 'utf8'), keyFile);
}

/** Binds a key to an open database. */
export function useSecretKey(db: Db, key: Buffer): void {
  keys.set(db, key);
}

function keyOf(db: Db): Buffer {
  let k = keys.get(db);
  if (!k) {
    // A database opened without openDatabase (a test's own): a key of this process.
    k = randomBytes(32);
    keys.set(db, k);
  }
  return k;
}

/** Seals a secret for storage: `enc:v1:` + base64(iv | tag | ciphertext). */
export function sealSecret(db: Db, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(db), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Opens a stored secret: a sealed value is decrypted, a value stored before sealing existed is answered as it
 * is. Throws when a sealed value does not open with this key (another key file, a tampered value).
 */
export function openSecret(db: Db, stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(db), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('A secret in the database does not open with this secret key (was the key file replaced?)');
  }
}

/** Whether a stored value is sealed. */
export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** A digest of a secret for lookups by it (HMAC-SHA256 under the database's key, hex). */
export function secretDigest(db: Db, secret: string): string {
  return createHmac('sha256', keyOf(db)).update(secret).digest('hex');
}
