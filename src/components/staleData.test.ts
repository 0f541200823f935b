import { expect, it } from 'vitest';
import { CloudStackError } from '../api/errors';
import { isUnreachable, staleness } from './staleData';

const down = new CloudStackError('listRouters', 0, 'Network error: the management server could not be reached.');
const refused = new CloudStackError('listRouters', 432, 'The given command does not exist');

it('tells an unreachable server from a refusal', () => {
  expect(isUnreachable(down)).toBe(true);
  expect(isUnreachable(new CloudStackError('listRouters', 502, 'Bad gateway'))).toBe(true);
  expect(isUnreachable(refused)).toBe(false);
  expect(isUnreachable(new Error('x'))).toBe(false);
});

const probeOk = { error: null, errorUpdatedAt: 0, dataUpdatedAt: 5_000 };

it('is stale from the first failure after the data was loaded', () => {
  expect(staleness({ hasData: true, dataUpdatedAt: 1_000, error: down, errorUpdatedAt: 4_000 }, probeOk)).toEqual({ stale: true, since: 4_000, dataAt: 1_000 });
  expect(staleness({ hasData: true, dataUpdatedAt: 1_000, error: null, errorUpdatedAt: 0 }, { error: down, errorUpdatedAt: 3_000, dataUpdatedAt: 2_000 }))
    .toEqual({ stale: true, since: 3_000, dataAt: 1_000 });
});

it('is fresh with no data, after a refusal, or once the probe answers again', () => {
  expect(staleness({ hasData: false, dataUpdatedAt: 0, error: down, errorUpdatedAt: 4_000 }, probeOk).stale).toBe(false);
  expect(staleness({ hasData: true, dataUpdatedAt: 1_000, error: refused, errorUpdatedAt: 4_000 }, probeOk).stale).toBe(false);
  // The probe failed at 3 s, then answered at 5 s.
  expect(staleness({ hasData: true, dataUpdatedAt: 1_000, error: null, errorUpdatedAt: 0 }, { error: down, errorUpdatedAt: 3_000, dataUpdatedAt: 5_000 }).stale).toBe(false);
  // Data reloaded after the failure: not stale.
  expect(staleness({ hasData: true, dataUpdatedAt: 6_000, error: down, errorUpdatedAt: 4_000 }, probeOk).stale).toBe(false);
});
