import { describe, expect, it } from 'vitest';
import type { PlanDetail, PlanRouter } from '../../api/plans';
import { failedRouterIds, formatRemaining, planLineOf, planLines, remainingOfPlans, summarize } from './upgradeProgress';

const router = (id: string, state: PlanRouter['state'], extra: Partial<PlanRouter> = {}): PlanRouter => ({ id, name: `r-${id}-VM`, wave: 0, state, ...extra });
const wave = (estimateseconds: number, finished?: number): PlanDetail['waves'][number] =>
  ({ name: 'w', canary: false, total: 0, done: 0, failed: 0, skipped: 0, upgrading: 0, estimateseconds, finished });

describe('planLineOf', () => {
  it('pending is queued (with why it waits), starting and upgrading are upgrading, skipped and cancelled are skipped', () => {
    expect(planLineOf('p', router('1', 'pending', { waiting: 'its redundant peer is upgrading' }))).toMatchObject({ jobid: 'p/1', status: 'queued', waiting: 'its redundant peer is upgrading' });
    expect(planLineOf('p', router('1', 'starting')).status).toBe('upgrading');
    expect(planLineOf('p', router('1', 'upgrading')).status).toBe('upgrading');
    expect(planLineOf('p', router('1', 'done', { version: '4.20.0' }))).toMatchObject({ status: 'done', version: '4.20.0' });
    expect(planLineOf('p', router('1', 'failed', { error: 'fault injected' }))).toMatchObject({ status: 'failed', errortext: 'fault injected' });
    expect(planLineOf('p', router('1', 'skipped')).status).toBe('skipped');
    expect(planLineOf('p', router('1', 'cancelled')).status).toBe('skipped');
  });
});

describe('summarize', () => {
  it('counts each status and the overall percent of finished routers', () => {
    const lines = planLines({ id: 'p', routers: [router('1', 'done'), router('2', 'failed'), router('3', 'upgrading'), router('4', 'pending'), router('5', 'skipped')] });
    expect(summarize(lines)).toEqual({ total: 5, queued: 1, upgrading: 1, done: 1, failed: 1, skipped: 1, percent: 60, finished: false });
    expect(summarize(lines.filter((l) => l.status !== 'queued' && l.status !== 'upgrading')).finished).toBe(true);
    expect(failedRouterIds(lines)).toEqual(['2']);
  });
});

describe('remainingOfPlans', () => {
  it('is the server\'s estimate of the unfinished waves, once a router is done', () => {
    const running = { state: 'running' as const, waves: [wave(30, 1), wave(40), wave(20)], routers: [router('1', 'pending')] };
    expect(remainingOfPlans([running])).toBeUndefined();
    const measured = { ...running, routers: [router('1', 'done'), router('2', 'pending')] };
    expect(remainingOfPlans([measured])).toBe(60_000);
    expect(remainingOfPlans([{ ...measured, state: 'finished' }])).toBeUndefined();
  });
  it('reads as minutes or seconds', () => {
    expect(formatRemaining(3000)).toBe('under 10 s left');
    expect(formatRemaining(42_000)).toBe('about 40 s left');
    expect(formatRemaining(4 * 60_000)).toBe('about 4 min left');
    expect(formatRemaining(3 * 3600_000)).toBe('about 3.0 h left');
  });
});
