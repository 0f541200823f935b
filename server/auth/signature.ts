import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './compare';
import { parseExpires, stringToSign } from '../../src/api/signature';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * How far ahead a signatureVersion=3 request's `expires` may lie (ms). CloudStack's ApiServer.verifyRequest
 * only refuses an `expires` in the past; this simulator also refuses one further ahead than a day, so that a
 * signed request cannot be made replayable for ever (issue 14).
 */
export const MAX_EXPIRES_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The value of the parameter named `name` compared as CloudStack's ApiServer.verifyRequest compares names:
 * case-insensitively (`equalsIgnoreCase`), over the names sorted as Java's `Collections.sort` sorts them, the
 * last match winning.
 */
function paramIgnoringCase(params: Record<string, string>, name: string): string | undefined {
  let found: string | undefined;
  for (const k of Object.keys(params).sort()) if (k.toLowerCase() === name) found = params[k];
  return found;
}

/**
 * Checks a signed request as CloudStack's ApiServer.verifyRequest does: HMAC-SHA1 of the sorted, encoded,
 * lower-cased parameters with the user's secret key, compared in constant time; with signatureVersion=3 (the
 * name in any casing) an `expires` is required and must lie between now and now + MAX_EXPIRES_AHEAD_MS.
 * `now` is ms since the epoch. Never throws; the reason is for logs only (callers answer 401 without it).
 */
export function checkSignature(params: Record<string, string>, secretKey: string, now = Date.now()): SignatureCheck {
  const signature = paramIgnoringCase(params, 'signature');
  if (!signature) return { ok: false, reason: 'missing signature' };
  if (paramIgnoringCase(params, 'signatureversion') === '3') {
    const expires = paramIgnoringCase(params, 'expires');
    if (!expires) return { ok: false, reason: 'signatureVersion=3 requires expires' };
    const when = parseExpires(expires);
    if (!when) return { ok: false, reason: 'expires is not a valid date' };
    if (when.getTime() < now) return { ok: false, reason: 'the request has expired' };
    if (when.getTime() > now + MAX_EXPIRES_AHEAD_MS) return { ok: false, reason: 'expires lies too far ahead' };
  }
  const expected = createHmac('sha1', secretKey).update(stringToSign(params)).digest();
  const given = Buffer.from(signature, 'base64');
  if (!constantTimeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/** The base64 HMAC-SHA1 signature of `params` with `secretKey` (CloudStack's request signing). */
export function signParams(params: Record<string, string>, secretKey: string): string {
  return createHmac('sha1', secretKey).update(stringToSign(params)).digest('base64');
}
