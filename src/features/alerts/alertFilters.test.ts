import { describe, expect, it } from 'vitest';
import { alertObjectKind, filterAlerts, readAlertFilters, sentDay, writeAlertFilters } from './alertFilters';

const alerts = [
  { id: '1', sent: '2026-01-14T23:30:00+0000', description: 'Router r-12-VM: service dnsmasq could not be restarted' },
  { id: '2', sent: '2026-01-15T09:30:00+0000', description: 'Secondary storage VM s-3-VM is down' },
  { id: '3', sent: '2026-01-16T00:10:00+0000', description: 'Management server started' },
  { id: '4', description: 'no date' },
];

describe('alert filters', () => {
  it('reads the URL, ignoring invalid values and ordering the dates', () => {
    expect(readAlertFilters(new URLSearchParams('from=2026-01-20&to=2026-01-10&object=router'))).toEqual({ from: '2026-01-10', to: '2026-01-20', object: 'router' });
    expect(readAlertFilters(new URLSearchParams('from=2026-02-30&to=yesterday&object=host'))).toEqual({});
  });

  it('writes the filters back and returns to page 1, keeping other parameters', () => {
    const out = writeAlertFilters(new URLSearchParams('type=27&page=3&from=2026-01-01'), { to: '2026-01-15', object: 'systemvm' });
    expect(out.get('type')).toBe('27');
    expect(out.get('page')).toBeNull();
    expect(out.get('from')).toBeNull();
    expect(out.get('to')).toBe('2026-01-15');
    expect(readAlertFilters(out)).toEqual({ to: '2026-01-15', object: 'systemvm' });
  });

  it('reads the day an alert was sent in a given offset', () => {
    expect(sentDay('2026-01-14T23:30:00+0000', 0)).toBe('2026-01-14');
    expect(sentDay('2026-01-14T23:30:00+0000', 60)).toBe('2026-01-15');
    expect(sentDay('2026-01-15T00:30:00+0200', 0)).toBe('2026-01-14');
    expect(sentDay('garbage', 0)).toBeUndefined();
  });

  it('filters by whole days, inclusive, and by object kind', () => {
    const ids = (f: Parameters<typeof filterAlerts>[1], offset = 0) => filterAlerts(alerts, f, offset).map((a) => a.id);
    expect(ids({})).toEqual(['1', '2', '3', '4']);
    expect(ids({ from: '2026-01-15' })).toEqual(['2', '3']);
    expect(ids({ to: '2026-01-15' })).toEqual(['1', '2']);
    expect(ids({ from: '2026-01-15', to: '2026-01-15' })).toEqual(['2']);
    expect(ids({ from: '2026-01-15', to: '2026-01-15' }, 60)).toEqual(['1', '2']);
    expect(ids({ object: 'router' })).toEqual(['1']);
    expect(ids({ object: 'systemvm' })).toEqual(['2']);
    expect(ids({ object: 'other' })).toEqual(['3', '4']);
    expect(ids({ object: 'other', from: '2026-01-01' })).toEqual(['3']);
  });

  it('names the object kind of a description', () => {
    expect(alertObjectKind({ description: 'console proxy v-2-VM lost its agent' })).toBe('systemvm');
    expect(alertObjectKind({ description: 'r-1-VMX' })).toBe('other');
  });
});
