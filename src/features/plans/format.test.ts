import { describe, expect, it } from 'vitest';
import { currentWaveText, formatDuration, planPercent, spanPercent, wavePercent } from './format';

describe('plan formatting', () => {
  it('writes durations short', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(12 * 60)).toBe('12 min');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatDuration(52 * 3600)).toBe('2 d 4 h');
  });
  it('counts progress of waves and the plan', () => {
    expect(wavePercent({ total: 4, done: 1, failed: 1, skipped: 0 })).toBe(50);
    expect(wavePercent({ total: 0, done: 0, failed: 0, skipped: 0 })).toBe(100);
    expect(planPercent({ waves: [{ total: 2, done: 2, failed: 0, skipped: 0 }, { total: 2, done: 0, failed: 0, skipped: 0 }] as never })).toBe(50);
  });
  it('names the current wave', () => {
    const plan = { state: 'running', currentwave: 1, waves: [{ name: 'Canary' }, { name: 'pod1' }, { name: 'pod2' }] } as never;
    expect(currentWaveText(plan)).toBe('Wave 2 of 3: pod1');
  });
  it('places spans on a timeline, clipped to it', () => {
    expect(spanPercent(10, 20, 0, 100)).toEqual({ left: 10, width: 10 });
    expect(spanPercent(-50, 200, 0, 100)).toEqual({ left: 0, width: 100 });
  });
});
