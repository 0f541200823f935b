import { expect, it } from 'vitest';
import { alertTypeName, countNewAlerts, newestSent } from './newAlerts';

const alerts = [{ sent: '2026-01-15T10:00:05+0000' }, { sent: '2026-01-15T10:00:01+0000' }, { sent: '2026-01-15T09:00:00+0000' }];

it('counts the alerts sent after the last one seen', () => {
  expect(countNewAlerts(alerts, null)).toBe(3);
  expect(countNewAlerts(alerts, '2026-01-15T10:00:01+0000')).toBe(1);
  expect(countNewAlerts(alerts, '2026-01-15T11:00:00+0100')).toBe(2);
  expect(countNewAlerts(alerts, '2026-01-16T00:00:00+0000')).toBe(0);
  expect(countNewAlerts([], '2026-01-16T00:00:00+0000')).toBe(0);
});

it('finds the newest and names types', () => {
  expect(newestSent([alerts[2]!, alerts[0]!, alerts[1]!])).toBe('2026-01-15T10:00:05+0000');
  expect(newestSent([])).toBeUndefined();
  expect(alertTypeName(9)).toBe('Domain router');
  expect(alertTypeName(99)).toBe('Type 99');
});
