import { describe, expect, it } from 'vitest';
import { formatCloudStackDate, parseCloudStackDate } from './dates';

describe('parseCloudStackDate', () => {
  it('reads an offset without a colon', () => {
    expect(parseCloudStackDate('2021-09-29T17:50:11+0530')?.toISOString()).toBe('2021-09-29T12:20:11.000Z');
    expect(parseCloudStackDate('2021-09-29T17:50:11-0100')?.toISOString()).toBe('2021-09-29T18:50:11.000Z');
  });

  it('reads ISO dates as they are', () => {
    expect(parseCloudStackDate('2021-09-29T17:50:11Z')?.toISOString()).toBe('2021-09-29T17:50:11.000Z');
    expect(parseCloudStackDate('2021-09-29T17:50:11+05:30')?.toISOString()).toBe('2021-09-29T12:20:11.000Z');
  });

  it('gives undefined for nothing or nonsense', () => {
    expect(parseCloudStackDate(undefined)).toBeUndefined();
    expect(parseCloudStackDate('yesterday')).toBeUndefined();
  });
});

describe('formatCloudStackDate', () => {
  const utc = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'short' });

  it('formats a date', () => {
    expect(formatCloudStackDate('2021-09-29T17:50:11+0000', utc)).toBe('29/09/2021, 17:50');
  });

  it('keeps text it cannot read, and gives nothing for nothing', () => {
    expect(formatCloudStackDate('soon', utc)).toBe('soon');
    expect(formatCloudStackDate(undefined, utc)).toBe('');
  });
});
