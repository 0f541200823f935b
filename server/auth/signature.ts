import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseExpires, stringToSign } from '../../src/api/signature';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks a signed request as CloudStack does, including signatureVersion=3 with `expires`. */
export function checkSignature(params: Record<string, string>, secretKey: string, now = Date.now()): SignatureCheck {
  const signature = params.signature;
  if (!signature) return { ok: false, reason: 'missing signature' };
  if (params.signatureVersion === '3' || params.signatureversion === '3') {
    const expires = params.expires;
    if (!expires) return { ok: false, reason: 'signatureVersion=3 requires expires' };
    const when = parseExpires(expires);
    if (!when) return { ok: false, reason: 'expires is not a valid date' };
    if (when.getTime() < now) return { ok: false, reason: 'the request has expired' };
  }
  const expected = createHmac('sha1', secretKey).update(stringToSign(params)).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'base64');
  } catch {
    return { ok: false, reason: 'signature is not base64' };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

export function signParams(params: Record<string, string>, secretKey: string): string {
  return createHmac('sha1', secretKey).update(stringToSign(params)).digest('base64');
}
