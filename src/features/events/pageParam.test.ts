import { expect, it } from 'vitest';
import { levelColor, readPageParam } from './pageParam';

it('reads a page number from the URL', () => {
  expect(readPageParam('3')).toBe(3);
  expect(readPageParam(null)).toBe(1);
  expect(readPageParam('0')).toBe(1);
  expect(readPageParam('-2')).toBe(1);
  expect(readPageParam('2.5')).toBe(1);
  expect(readPageParam('abc')).toBe(1);
  expect(readPageParam('99999999999999999999')).toBe(1);
});

it('colours event levels', () => {
  expect(levelColor('ERROR')).toBe('red');
  expect(levelColor('warn')).toBe('yellow');
  expect(levelColor(undefined)).toBe('gray');
});
