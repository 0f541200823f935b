import { describe, expect, it } from 'vitest';
import { alertObjectLink, eventListParams, eventObjectLink, readEventFilters, writeEventFilters } from './filters';

describe('event filters in the URL', () => {
  it('reads valid filters and drops the rest', () => {
    const f = readEventFilters(new URLSearchParams('level=error&type=router.stop&from=2026-02-01&to=2026-01-01&q=r-7&object=DomainRouter&objectid=nope'));
    expect(f).toEqual({ level: 'ERROR', type: 'ROUTER.STOP', start: '2026-01-01', end: '2026-02-01', keyword: 'r-7', resourcetype: 'DomainRouter' });
    expect(readEventFilters(new URLSearchParams('level=LOUD&from=yesterday&object=Nope&type=a%20b'))).toEqual({});
  });

  it('writes them back, keeping other parameters, and resets the page', () => {
    const next = writeEventFilters(new URLSearchParams('page=3&x=1&level=INFO'), { type: 'VM.MIGRATE' });
    expect(next.toString()).toBe('x=1&type=VM.MIGRATE');
    expect(readEventFilters(writeEventFilters(new URLSearchParams(), { level: 'WARN', start: '2026-01-02' }))).toEqual({ level: 'WARN', start: '2026-01-02' });
  });

  it('turns them into listEvents parameters', () => {
    expect(eventListParams({ level: 'ERROR', start: '2026-01-01', end: '2026-01-31', resourcetype: 'Network' })).toEqual({
      level: 'ERROR', startdate: '2026-01-01', enddate: '2026-01-31', resourcetype: 'Network',
    });
  });

  it('links events and alerts to their objects', () => {
    expect(eventObjectLink({ resourcetype: 'DomainRouter', resourceid: 'a-b' })).toBe('/routers?router=a-b');
    expect(eventObjectLink({ resourcetype: 'SecondaryStorageVm', resourceid: 'x' })).toBe('/systemvms');
    expect(eventObjectLink({ resourcetype: 'Account' })).toBeUndefined();
    expect(alertObjectLink({ description: 'Service haproxy on router r-12-VM (network n) is down' })).toBe('/routers?q=r-12-VM');
    expect(alertObjectLink({ description: 'Console proxy v-3-VM is down' })).toBe('/systemvms');
    expect(alertObjectLink({ description: 'Host h1 is down' })).toBeUndefined();
  });
});
