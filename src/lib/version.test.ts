import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareVersions, requiresUpgrade } from './version';

describe('compareVersions', () => {
  it('compares numerically, part by part', () => {
    expect(compareVersions('4.9.1', '4.20.0')).toBe(-1);
    expect(compareVersions('4.20.0', '4.9.1')).toBe(1);
    expect(compareVersions('4.20.0', '4.20.0')).toBe(0);
    expect(compareVersions('4.19.1', '4.19.0')).toBe(1);
    expect(compareVersions('4.20', '4.20.0')).toBe(0);
    expect(compareVersions('4.20.0.1', '4.20.0')).toBe(1);
    expect(compareVersions('4.18.0-SNAPSHOT', '4.18.0')).toBe(0);
  });

  it('is antisymmetric and reflexive', () => {
    const version = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('.'));
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
    );
  });
});

describe('requiresUpgrade', () => {
  it('is true below the minimum and for an unknown version', () => {
    expect(requiresUpgrade('4.19.1', '4.20.0')).toBe(true);
    expect(requiresUpgrade('4.18.0', '4.20.0')).toBe(true);
    expect(requiresUpgrade('4.20.0', '4.20.0')).toBe(false);
    expect(requiresUpgrade('4.21.0', '4.20.0')).toBe(false);
    expect(requiresUpgrade(undefined, '4.20.0')).toBe(true);
  });
});
