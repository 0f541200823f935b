import type { Answer } from '../../src/api/commands';
import type { asyncJobSchema } from '../../src/api/schemas';
import { command } from '../api/registry';
import { queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { notFound } from '../api/errors';
import type { JobRow } from './runner';
import type { Db } from '../db/database';
import { MANAGEMENT_SERVER_MSID } from '../infrastructure/managementServer';

/**
 * A job as queryAsyncJobResult and listAsyncJobs answer it (AsyncJobResponse, 4.20): the owner's account,
 * domain and domain path (4.19+), the management server that runs it (`managementserverid`, 4.19+), and
 * `jobresulttype`/`jobresult`/`completed` once it has finished.
 */
export function jobResponse(j: JobRow, db?: Db): Answer<typeof asyncJobSchema> {
  const owner = db
    ? (db.prepare('SELECT name, domainid FROM accounts WHERE id = ?').get(j.accountid) as { name: string; domainid: string } | undefined)
    : undefined;
  const out: Answer<typeof asyncJobSchema> = {
    accountid: j.accountid,
    account: owner?.name,
    domainid: owner?.domainid,
    domainpath: j.domainpath === '/ROOT/' ? 'ROOT' : j.domainpath.replace(/^\/|\/$/g, ''),
    userid: j.userid,
    cmd: j.cmd,
    jobstatus: j.status,
    jobprocstatus: j.procstatus,
    jobresultcode: j.resultcode,
    jobinstancetype: j.instancetype && j.instancetype !== 'None' ? j.instancetype : undefined,
    jobinstanceid: j.instanceid ?? undefined,
    managementserverid: MANAGEMENT_SERVER_MSID,
    created: j.created,
    jobid: j.id,
  };
  if (j.status !== 0) {
    out.jobresulttype = 'object';
    out.jobresult = j.result ? JSON.parse(j.result) : {};
    out.completed = j.completed ?? undefined;
  }
  return out;
}

export const queryAsyncJobResult = command({
  name: 'queryAsyncJobResult',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const j = sim.jobs.get(p.jobid);
    if (!j) throw notFound('job', p.jobid);
    // A job is its owner's; admins see the jobs of the accounts they administer.
    checkAccess(caller, j, `job ${j.id}`);
    return jobResponse(j, sim.db);
  },
});

export const listAsyncJobs = command({
  name: 'listAsyncJobs',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    // startdate is a DATE: the day only (ParamProcessWorker), jobs created on or after its start.
    if (p.startdate) {
      f.where.push('created_ms >= ?');
      f.args.push(Date.parse(`${p.startdate}T00:00:00Z`));
    }
    const { count, rows } = queryPage<JobRow>(sim.db, sim, 'jobs', f, p, 'created_ms DESC, rowid DESC');
    return { count, items: rows.map((j) => jobResponse(j, sim.db)) };
  },
});

export const jobCommands = [queryAsyncJobResult, listAsyncJobs];
