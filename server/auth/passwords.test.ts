import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', () => {
    const h = hashPassword('correct horse');
    expect(verifyPassword('correct horse', h)).toBe(true);
    expect(verifyPassword('correct hors', h)).toBe(false);
    expect(verifyPassword('Correct horse', h)).toBe(false);
    expect(verifyPassword('', h)).toBe(false);
  });

  it('salts every hash: the same password hashes differently, and neither contains it', () => {
    const a = hashPassword('password');
    const b = hashPassword('password');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('password');
    expect(verifyPassword('password', a)).toBe(true);
    expect(verifyPassword('password', b)).toBe(true);
  });

  it('refuses stored values that are not its hashes (disabled users carry "!")', () => {
    for (const stored of ['!', '', 'password', 'md5$x$y$z', 'scrypt$16384$', 'scrypt$$c2FsdA==$aGFzaA==']) {
      expect(verifyPassword('password', stored), stored).toBe(false);
    }
  });

  it('refuses a hash whose digest was tampered with', () => {
    const h = hashPassword('secret');
    const parts = h.split('$');
    const digest = Buffer.from(parts[3]!, 'base64');
    digest[0] = digest[0]! ^ 1;
    parts[3] = digest.toString('base64');
    expect(verifyPassword('secret', parts.join('$'))).toBe(false);
  });
});
