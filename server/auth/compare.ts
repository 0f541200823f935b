import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A per-process HMAC key: both sides are hashed with it so that the compare sees two 32-byte digests. */
const COMPARE_KEY = randomBytes(32);

function digest(text: string | Buffer): Buffer {
  return createHmac('sha256', COMPARE_KEY).update(text).digest();
}

/**
 * True when `a` and `b` hold the same bytes (strings as UTF-8), compared with Node's `crypto.timingSafeEqual`
 * over HMAC-SHA256 digests of both sides, so that neither the position of the first difference nor the
 * length of the secret shows in the time taken. Never throws.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
