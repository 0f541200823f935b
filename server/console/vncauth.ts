import { randomBytes, timingSafeEqual } from 'node:crypto';
import { desEcbEncrypt } from './des';

/**
 * VNC authentication (RFB security type 2): the server sends a 16-byte random challenge, the client
 * answers it encrypted with DES under a key made of the password's first 8 bytes (zero-padded), each
 * byte's bits reversed (a quirk of the original implementation that every VNC server keeps).
 */
export function vncKey(password: string): Uint8Array {
  const key = new Uint8Array(8);
  const bytes = Buffer.from(password, 'latin1');
  for (let i = 0; i < 8 && i < bytes.length; i++) key[i] = reverseBits(bytes[i]!);
  return key;
}

export function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
}

/** The client's 16-byte answer to a challenge. */
export function vncAuthResponse(password: string, challenge: Uint8Array): Buffer {
  if (challenge.length !== 16) throw new Error('a VNC challenge is 16 bytes');
  return Buffer.from(desEcbEncrypt(vncKey(password), challenge));
}

export function newChallenge(): Buffer {
  return randomBytes(16);
}

/** Checks a client's answer (in constant time over the 16 bytes). */
export function checkVncResponse(password: string, challenge: Uint8Array, response: Uint8Array): boolean {
  if (response.length !== 16) return false;
  return timingSafeEqual(vncAuthResponse(password, challenge), response);
}
