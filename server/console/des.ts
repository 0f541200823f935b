import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';

/**
 * DES-ECB for VNC authentication, with Node's crypto (OpenSSL). OpenSSL 3 moved single DES ('des-ecb') to its
 * legacy provider, which Node's build does not load ("digital envelope routines::unsupported"), so the
 * cipher used is two-key triple DES, 'des-ede-ecb', with both keys equal: E(K, D(K, E(K, x))) = E(K, x),
 * which is single DES exactly. The tests check it against the standard's vectors.
 */
const CIPHER = getCiphers().includes('des-ecb') && usable('des-ecb') ? 'des-ecb' : 'des-ede-ecb';

function usable(name: string): boolean {
  try {
    createCipheriv(name, Buffer.alloc(8), null);
    return true;
  } catch {
    return false;
  }
}

function keyFor(key: Uint8Array): Buffer {
  if (key.length !== 8) throw new Error('a DES key is 8 bytes');
  return CIPHER === 'des-ecb' ? Buffer.from(key) : Buffer.concat([key, key]);
}

function run(decrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new Error('DES-ECB data must be a multiple of 8 bytes');
  const c = (decrypt ? createDecipheriv : createCipheriv)(CIPHER, keyFor(key), null).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** Encrypts one 8-byte block with an 8-byte key. */
export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length !== 8) throw new Error('a DES block is 8 bytes');
  return run(false, key, block);
}

/** Decrypts one 8-byte block with an 8-byte key. */
export function desDecryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length !== 8) throw new Error('a DES block is 8 bytes');
  return run(true, key, block);
}

/** DES-ECB over whole 8-byte blocks. Throws when the data is not a multiple of 8 bytes or the key not 8. */
export function desEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(false, key, data);
}
