import { describe, expect, it } from 'vitest';
import type { AsyncJob } from '../../api/schemas';
import { cloudStackDate, failedRouterIds, lineOf, linesOf, runningBatch, summarize } from './upgradeProgress';
import { parseCloudStackDate } from '../../lib/dates';

const CMD = 'org.apache.cloudstack.api.command.admin.router.UpgradeRouterTemplateCmd';
const at = (s: number) => cloudStackDate(Date.UTC(2025, 0, 1, 12, 0, 0) + s * 1000);

function job(id: string, router: string, created: number, status: 0 | 1 | 2, extra: Partial<AsyncJob> = {}): AsyncJob {
  return { jobid: id, jobinstanceid: router, cmd: CMD, created: at(created), jobstatus: status, jobprocstatus: 0, ...extra };
}

describe('lineOf', () => {
  it('queued, upgrading, done with the version, failed with the errortext', () => {
    expect(lineOf(job('j', 'r', 0, 0)).status).toBe('queued');
    expect(lineOf(job('j', 'r', 0, 0, { jobprocstatus: 1 })).status).toBe('upgrading');
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
    const lines = linesOf([
      job('1', 'a', 0, 1), job('2', 'b', 0, 2), job('3', 'c', 0, 0, { jobprocstatus: 2 }), job('4', 'd', 0, 0),
    ]);
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

describe('runningBatch', () => {
  it('finds the last upgrade still running among the listed jobs, not earlier ones nor other commands', () => {
    const jobs = [
      job('old1', 'x', 0, 1),
      job('old2', 'y', 5, 2),
      { ...job('stop', 'z', 2000, 0), cmd: 'org.apache.cloudstack.api.command.admin.router.StopRouterCmd' },
      job('n1', 'a', 2000, 1),
      job('n2', 'b', 2001, 0, { jobprocstatus: 1 }),
      job('n3', 'c', 2090, 0),
    ];
    expect(runningBatch(jobs).map((j) => j.jobid)).toEqual(['n1', 'n2', 'n3']);
  });

  it('finds nothing when the last upgrade has finished', () => {
    expect(runningBatch([job('1', 'a', 0, 0), job('2', 'b', 5000, 1)])).toEqual([]);
    expect(runningBatch([])).toEqual([]);
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
