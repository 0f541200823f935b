import { describe, expect, it } from 'vitest';
import { phasedJob } from './phases';
import type { JobRow } from './runner';

const job = (instanceid: string | null): JobRow => ({
  id: 'job-1', kind: 'thing.cycle', cmd: 'Cmd', userid: 'u', accountid: 'a', domainpath: '/', instancetype: 'Thing', instanceid,
  queue: null, status: 0, procstatus: 0, resultcode: 0, result: null, payload: '{}', step: 0, started: 1, next_at: 0, created: '', created_ms: 0, completed: null,
});

describe('job kinds made of phases', () => {
  const things = new Map([['t1', { id: 't1', name: 'one' }]]);
  const seen: string[] = [];
  const failed: string[] = [];
  const kind = phasedJob<{ id: string; name: string }, { note?: string }>({
    cmd: 'org.example.CycleThingCmd',
    instancetype: 'Thing',
    load: (id) => things.get(id),
    missing: (j) => ({ fail: { code: 431, text: `Thing ${j.instanceid} is gone` } }),
    phases: [
      (t, j) => {
        seen.push(`first ${t.name} ${j.id}`);
        return { next: 10 };
      },
      (t, _j, p) => {
        seen.push(`last ${t.name} ${p.note ?? ''}`);
        return { done: { thing: t } };
      },
    ],
    onFail: (j, p, text) => failed.push(`${j.id} ${p.note ?? ''} ${text}`),
  });

  it('keeps the command class and instance type', () => {
    expect(kind.cmd).toBe('org.example.CycleThingCmd');
    expect(kind.instancetype).toBe('Thing');
  });

  it('runs phase n at step n and the last phase at every later step, with the object read afresh', () => {
    seen.length = 0;
    expect(kind.step(job('t1'), {}, 0)).toEqual({ next: 10 });
    things.set('t1', { id: 't1', name: 'renamed' });
    expect(kind.step(job('t1'), { note: 'x' }, 1)).toEqual({ done: { thing: { id: 't1', name: 'renamed' } } });
    expect(kind.step(job('t1'), { note: 'y' }, 5)).toEqual({ done: { thing: { id: 't1', name: 'renamed' } } });
    expect(seen).toEqual(['first one job-1', 'last renamed x', 'last renamed y']);
  });

  it('answers the missing outcome, running no phase, once the object is gone', () => {
    seen.length = 0;
    expect(kind.step(job('t9'), {}, 0)).toEqual({ fail: { code: 431, text: 'Thing t9 is gone' } });
    expect(kind.step(job('t9'), {}, 1)).toEqual({ fail: { code: 431, text: 'Thing t9 is gone' } });
    expect(seen).toEqual([]);
  });

  it('hands a failure to onFail with the payload', () => {
    kind.onFail!(job('t1'), { note: 'n' }, 'it broke');
    expect(failed).toEqual(['job-1 n it broke']);
  });
});
