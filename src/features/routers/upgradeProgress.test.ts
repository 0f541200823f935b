import { describe, expect, it } from 'vitest';
import type { AsyncJob } from '../../api/schemas';
import { cloudStackDate, estimateRemainingMs, failedRouterIds, formatRemaining, isUpgradeJob, lineOf, linesOf, REBOOT_ROUTER_CMD, runningUpgradeJobs, summarize } from './upgradeProgress';
import { parseCloudStackDate } from '../../lib/dates';

const SYSTEM = 'system-user';
const at = (s: number) => cloudStackDate(Date.UTC(2025, 0, 1, 12, 0, 0) + s * 1000);

function job(id: string, router: string, created: number, status: 0 | 1 | 2, extra: Partial<AsyncJob> = {}): AsyncJob {
  return { jobid: id, jobinstanceid: router, cmd: REBOOT_ROUTER_CMD, userid: SYSTEM, created: at(created), jobstatus: status, jobprocstatus: 0, ...extra };
}

describe('isUpgradeJob', () => {
  it('is a RebootRouterCmd of the system user; an admin\'s reboot or another command is not', () => {
    expect(isUpgradeJob(job('1', 'a', 0, 0), SYSTEM)).toBe(true);
    expect(isUpgradeJob(job('1', 'a', 0, 0, { userid: 'admin-user' }), SYSTEM)).toBe(false);
    expect(isUpgradeJob(job('1', 'a', 0, 0, { cmd: 'org.apache.cloudstack.api.command.admin.router.StopRouterCmd' }), SYSTEM)).toBe(false);
    expect(isUpgradeJob(job('1', 'a', 0, 0, { cmd: 'org.apache.cloudstack.api.command.admin.router.UpgradeRouterTemplateCmd' }), SYSTEM)).toBe(false);
    // Without the system user's id: any reboot but the caller's own.
    expect(isUpgradeJob(job('1', 'a', 0, 0), undefined, 'admin-user')).toBe(true);
    expect(isUpgradeJob(job('1', 'a', 0, 0, { userid: 'admin-user' }), undefined, 'admin-user')).toBe(false);
  });
});

describe('lineOf', () => {
  it('pending is upgrading while the router is in transition, else queued; jobprocstatus plays no part', () => {
    expect(lineOf(job('j', 'r', 0, 0)).status).toBe('queued');
    expect(lineOf(job('j', 'r', 0, 0, { jobprocstatus: 3 })).status).toBe('queued');
    expect(lineOf(job('j', 'r', 0, 0), (id) => id === 'r').status).toBe('upgrading');
    expect(lineOf(job('j', 'r', 0, 1, { jobresult: { router: { id: 'r', version: '4.20.0' } } }))).toEqual({
      jobid: 'j', routerid: 'r', status: 'done', version: '4.20.0',
    });
    expect(lineOf(job('j', 'r', 0, 2, { jobresultcode: 530, jobresult: { errorcode: 530, errortext: 'did not come up' } }))).toEqual({
      jobid: 'j', routerid: 'r', status: 'failed', errortext: 'did not come up',
    });
    expect(lineOf(job('j', 'r', 0, 2, { jobresultcode: 530 })).errortext).toMatch(/530/);
  });
});

describe('summarize', () => {
  it('counts each status and the overall percent of finished routers', () => {
    const lines = linesOf([job('1', 'a', 0, 1), job('2', 'b', 0, 2), job('3', 'c', 0, 0), job('4', 'd', 0, 0)], (id) => id === 'c');
    expect(summarize(lines)).toEqual({ total: 4, queued: 1, upgrading: 1, done: 1, failed: 1, percent: 50, finished: false });
    expect(summarize(linesOf([job('1', 'a', 0, 1), job('2', 'b', 0, 2)])).finished).toBe(true);
    expect(summarize([]).percent).toBe(100);
  });
});

describe('linesOf and failedRouterIds', () => {
  it('keeps the latest job per router, so a retried router shows its retry', () => {
    const lines = linesOf([job('1', 'a', 0, 2), job('2', 'b', 0, 1), job('3', 'a', 30, 0)]);
    expect(lines.map((l) => [l.routerid, l.jobid, l.status])).toEqual([
      ['b', '2', 'done'],
      ['a', '3', 'queued'],
    ]);
    expect(failedRouterIds(linesOf([job('1', 'a', 0, 2), job('2', 'b', 0, 1), job('4', 'c', 1, 2)]))).toEqual(['a', 'c']);
  });
});

describe('runningUpgradeJobs', () => {
  it('finds the upgrades still running, burst by burst; a finished upgrade minutes before is not part of it', () => {
    const jobs = [
      job('old1', 'x', 0, 1),
      job('old2', 'y', 1, 2),
      job('first1', 'p', 100, 1),
      job('first2', 'q', 100, 1),
      job('n1', 'a', 200, 1),
      job('n2', 'b', 200, 0),
      job('n3', 'c', 201, 0),
    ];
    expect(runningUpgradeJobs(jobs).map((j) => j.jobid)).toEqual(['n1', 'n2', 'n3']);
  });

  it('keeps two upgrades that both still run', () => {
    expect(runningUpgradeJobs([job('a', 'a', 0, 0), job('b', 'b', 60, 0), job('c', 'c', 120, 1)]).map((j) => j.jobid)).toEqual(['a', 'b']);
  });

  it('finds nothing when every upgrade has finished', () => {
    expect(runningUpgradeJobs([job('1', 'a', 0, 1), job('2', 'b', 5000, 2)])).toEqual([]);
    expect(runningUpgradeJobs([])).toEqual([]);
  });
});

describe('estimateRemainingMs', () => {
  it('takes the pace measured so far from server times', () => {
    const jobs = [
      job('1', 'a', 0, 1, { completed: at(10) }),
      job('2', 'b', 0, 1, { completed: at(20) }),
      job('3', 'c', 0, 0),
      job('4', 'd', 0, 0),
    ];
    // 2 routers in 20 s: 10 s each, 2 left.
    expect(estimateRemainingMs(jobs)).toBe(20_000);
    expect(estimateRemainingMs([job('1', 'a', 0, 0)])).toBeUndefined();
    expect(estimateRemainingMs([job('1', 'a', 0, 1, { completed: at(5) })])).toBeUndefined();
  });

  it('reads as minutes or seconds', () => {
    expect(formatRemaining(3000)).toBe('under 10 s left');
    expect(formatRemaining(42_000)).toBe('about 40 s left');
    expect(formatRemaining(4 * 60_000)).toBe('about 4 min left');
    expect(formatRemaining(3 * 3600_000)).toBe('about 3.0 h left');
  });
});

describe('CloudStack dates', () => {
  it('writes the +0000 form that the server reads back', () => {
    const ms = Date.UTC(2021, 8, 29, 12, 20, 11);
    expect(cloudStackDate(ms)).toBe('2021-09-29T12:20:11+0000');
    expect(parseCloudStackDate(cloudStackDate(ms))?.getTime()).toBe(ms);
    expect(parseCloudStackDate('2021-09-29T17:50:11+0530')?.getTime()).toBe(ms);
  });
});
