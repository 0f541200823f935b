import { expect, it } from 'vitest';
import { CloudStackError } from '../api/errors';
import { shouldRetry } from './queryClient';

const error = (code: number) => new CloudStackError('listRouters', code, 'text');

it('retries network failures and server faults, twice at most', () => {
  expect(shouldRetry(0, error(0))).toBe(true);
  expect(shouldRetry(1, error(530))).toBe(true);
  expect(shouldRetry(0, error(534))).toBe(true);
  expect(shouldRetry(2, error(0))).toBe(false);
});

it('does not retry refusals', () => {
  for (const code of [401, 431, 432, 531]) expect(shouldRetry(0, error(code))).toBe(false);
  expect(shouldRetry(0, new Error('bug'))).toBe(false);
});
