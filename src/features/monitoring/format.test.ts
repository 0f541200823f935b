import { expect, it } from 'vitest';
import { formatKilobytes } from './format';

it('formats kilobytes', () => {
  expect(formatKilobytes(512)).toBe('512 KB');
  expect(formatKilobytes(1536)).toBe('1.5 MB');
  expect(formatKilobytes(1024 * 1024 * 2.25)).toBe('2.25 GB');
  expect(formatKilobytes(-1)).toBe('');
});
