import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';

const N = 16384;
const KEYLEN = 32;

/** A salted scrypt hash: scrypt$N$salt$hash (base64). Synchronous: for seeding and tests. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEYLEN, { N });
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The parts of a stored hash, or undefined when the value is not one (disabled users carry "!"). */
function parse(stored: string): { n: number; salt: Buffer; expected: Buffer } | undefined {
  const [alg, n, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !n || !salt || !hash) return undefined;
  const cost = Number(n);
  // scrypt needs a power of two; a hash with another N (or an absurd one) is not ours.
  if (!Number.isInteger(cost) || cost < 2 || cost > 1 << 20 || (cost & (cost - 1)) !== 0) return undefined;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16 || expected.length > 64) return undefined;
  return { n: cost, salt: Buffer.from(salt, 'base64'), expected };
}

/** Checks a password against a stored hash, synchronously (tests, scripts). Never throws. */
export function verifyPassword(password: string, stored: string): boolean {
  const p = parse(stored);
  if (!p) return false;
  const actual = scryptSync(password, p.salt, p.expected.length, { N: p.n, maxmem: 256 * p.n * 8 });
  return timingSafeEqual(actual, p.expected);
}

/**
 * Hashes run at once: half the cores (at least one). A flood of logins then queues here instead of taking
 * every core from the event loop, so other users' calls keep their pace.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, Math.floor(availableParallelism() / 2));
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** A hash of nothing anyone knows, with the same cost as real ones: unknown users are hashed against it. */
const DECOY = hashPassword(randomBytes(16).toString('hex'));

/**
 * Checks a password against a stored hash in libuv's thread pool (node:crypto's async scrypt), at most
 * MAX_CONCURRENT_HASHES at once, so that a flood of logins does not block other callers. `stored` undefined (an unknown user) or not a hash is checked
 * against a decoy of the same cost, so that it takes as long as a known user and answers false. Never throws.
 */
export async function verifyPasswordAsync(password: string, stored: string | undefined): Promise<boolean> {
  const p = (stored !== undefined ? parse(stored) : undefined);
  const used = p ?? parse(DECOY)!;
  const actual = await withHashSlot(() => new Promise<Buffer>((resolve, reject) =>
    scrypt(password, used.salt, used.expected.length, { N: used.n, maxmem: 256 * used.n * 8 }, (err, key) => (err ? reject(err) : resolve(key))),
  )).catch(() => undefined);
  return !!p && !!actual && timingSafeEqual(actual, used.expected);
}
