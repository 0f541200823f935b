import { describe, expect, it } from 'vitest';
import { count, plural } from './plural';

describe('count', () => {
  it('is singular for exactly one', () => {
    expect(count(1, 'event')).toBe('1 event');
    expect(count(1, 'entry', 'entries')).toBe('1 entry');
  });
  it('is plural for zero and for more than one', () => {
    expect(count(0, 'router')).toBe('0 routers');
    expect(count(2, 'router')).toBe('2 routers');
    expect(count(3, 'entry', 'entries')).toBe('3 entries');
  });
  it('writes the number as toLocaleString does', () => {
    expect(count(1234, 'alert')).toBe(`${(1234).toLocaleString()} alerts`);
  });
});

describe('plural', () => {
  it('gives the noun alone', () => {
    expect(plural(1, 'job')).toBe('job');
    expect(plural(5, 'job')).toBe('jobs');
    expect(plural(5, 'system VM')).toBe('system VMs');
  });
});
