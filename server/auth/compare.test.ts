import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './compare';

describe('constantTimeEqual', () => {
  it('is true for the same text and false for any difference', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'Abc')).toBe(false);
  });

  it('compares texts of different lengths without throwing (timingSafeEqual alone would throw)', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('compares bytes, not UTF-16 code units', () => {
    expect(constantTimeEqual('é', Buffer.from('é', 'utf8'))).toBe(true);
    expect(constantTimeEqual(Buffer.from([0xff]), Buffer.from([0xfe]))).toBe(false);
  });
});
