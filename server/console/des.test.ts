import { createCipheriv, getCiphers, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { desDecryptBlock, desEcbEncrypt, desEncryptBlock } from './des';
import { checkVncResponse, reverseBits, vncAuthResponse, vncKey } from './vncauth';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DES', () => {
  it.each([
    // The worked example of the standard's textbooks.
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    ['0e329232ea6d0d73', '8787878787878787', '0000000000000000'],
    // NBS validation vectors (variable plaintext, key 0101...01).
    ['0101010101010101', '8000000000000000', '95f8a5e5dd31d900'],
    ['0101010101010101', '0000000000000001', '166b40b44aba4bd6'],
    ['0101010101010101', '95f8a5e5dd31d900', '8000000000000000'],
  ])('key %s encrypts %s to %s', (key, plain, cipher) => {
    expect(toHex(desEncryptBlock(hex(key), hex(plain)))).toBe(cipher);
    expect(toHex(desDecryptBlock(hex(key), hex(cipher)))).toBe(plain);
  });

  it('agrees with OpenSSL (two-key DES-EDE with both keys equal is single DES)', (ctx) => {
    ctx.skip(!getCiphers().includes('des-ede-ecb'), "this Node's OpenSSL has no des-ede-ecb cipher to compare with");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (key, data) => {
        const c = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null).setAutoPadding(false);
        const expected = Buffer.concat([c.update(data), c.final()]);
        expect(toHex(desEcbEncrypt(key, data))).toBe(expected.toString('hex'));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a block or key of the wrong size', () => {
    expect(() => desEncryptBlock(new Uint8Array(7), new Uint8Array(8))).toThrow(/key/);
    expect(() => desEcbEncrypt(new Uint8Array(8), new Uint8Array(9))).toThrow(/multiple of 8/);
  });
});

describe('VNC authentication', () => {
  it('reverses the bits of each key byte and pads the password to 8 bytes', () => {
    expect(reverseBits(0x01)).toBe(0x80);
    expect(reverseBits(0xc4)).toBe(0x23);
    expect(toHex(vncKey('ab'))).toBe(toHex(Uint8Array.from([reverseBits(0x61), reverseBits(0x62), 0, 0, 0, 0, 0, 0])));
    expect(toHex(vncKey('123456789'))).toBe(toHex(vncKey('12345678')));
  });

  it('answers a challenge that the checker accepts, and only with the right password', () => {
    const challenge = randomBytes(16);
    const answer = vncAuthResponse('s3cret!', challenge);
    expect(answer).toHaveLength(16);
    expect(checkVncResponse('s3cret!', challenge, answer)).toBe(true);
    expect(checkVncResponse('s3cret?', challenge, answer)).toBe(false);
    expect(checkVncResponse('s3cret!', challenge, answer.subarray(0, 15))).toBe(false);
  });

  it("matches TigerVNC's password obfuscation, which uses the same bit-reversed DES", (ctx) => {
    ctx.skip(!existsSync('/usr/bin/vncpasswd'), '/usr/bin/vncpasswd is not installed (apt-get install tigervnc-tools)');
    // vncpasswd -f stores the password encrypted under this fixed key with VNC's DES.
    const fixed = Uint8Array.from([23, 82, 107, 6, 35, 78, 88, 7]);
    const key = Uint8Array.from(fixed, reverseBits);
    const stored = execFileSync('/usr/bin/vncpasswd', ['-f'], { input: 'hunter22\n' });
    expect(toHex(desEncryptBlock(key, Buffer.from('hunter22', 'latin1')))).toBe(stored.subarray(0, 8).toString('hex'));
  });
});
