import { z } from 'zod';
import { command } from '../api/registry';
import { listParams, ownerParams, P } from '../api/params';
import { queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { notFound, paramError } from '../api/errors';
import type { JobRow } from './runner';

/** A job as queryAsyncJobResult and listAsyncJobs answer it. */
export function jobResponse(j: JobRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    jobid: j.id,
    accountid: j.accountid,
    userid: j.userid,
    cmd: j.cmd,
    jobstatus: j.status,
    jobprocstatus: j.procstatus,
    jobresultcode: j.resultcode,
    jobresulttype: 'object',
    created: j.created,
    jobinstancetype: j.instancetype ?? undefined,
    jobinstanceid: j.instanceid ?? undefined,
  };
  if (j.status !== 0) {
    out.completed = j.completed;
    out.jobresult = j.result ? JSON.parse(j.result) : {};
  }
  return out;
}

export const queryAsyncJobResult = command({
  name: 'queryAsyncJobResult',
  access: 'user',
  params: z.object({ jobid: P.id() }),
  handle: ({ sim, caller }, p) => {
    const j = sim.jobs.get(p.jobid);
    if (!j) throw notFound('job', p.jobid);
    // A job is its owner's; admins see the jobs of the accounts they administer.
    checkAccess(caller, j, `job ${j.id}`);
    return jobResponse(j);
  },
});

export const listAsyncJobs = command({
  name: 'listAsyncJobs',
  access: 'user',
  params: z.object({ ...listParams, ...ownerParams, startdate: P.str().optional() }),
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    if (p.startdate) {
      const t = Date.parse(p.startdate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(t)) {
        throw paramError(`Unable to execute API command listasyncjobs due to invalid value. Invalid parameter startdate value=${p.startdate.slice(0, 64)}: must be a date such as 2026-01-15T09:30:00+0000`);
      }
      f.where.push('created_ms >= ?');
      f.args.push(t);
    }
    const { count, rows } = queryPage<JobRow>(sim.db, sim, 'jobs', f, p, 'created_ms DESC, rowid DESC');
    return { count, items: rows.map(jobResponse) };
  },
});

export const jobCommands = [queryAsyncJobResult, listAsyncJobs];
