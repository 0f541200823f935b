import { z } from 'zod';
import { csId, csInt } from './common';

/** 0 pending, 1 succeeded, 2 failed. */
export const JOB_PENDING = 0;
export const JOB_SUCCEEDED = 1;
export const JOB_FAILED = 2;

/**
 * AsyncJobResponse (4.20): queryAsyncJobResult always sets `jobstatus`; a listAsyncJobs item may lack it
 * (a recorded 4.15 answer does), so the list reads items with `asyncJobListItemSchema`.
 */
const asyncJobFields = {
  jobid: csId,
  accountid: z.string().optional(),
  account: z.string().optional(),
  domainid: z.string().optional(),
  domainpath: z.string().optional(),
  userid: z.string().optional(),
  cmd: z.string().optional(),
  created: z.string().optional(),
  completed: z.string().optional(),
  managementserverid: z.union([z.string(), z.number()]).optional(),
  jobprocstatus: csInt.optional(),
  jobresultcode: csInt.optional(),
  jobresulttype: z.string().optional(),
  jobinstancetype: z.string().optional(),
  jobinstanceid: z.string().optional(),
  jobresult: z.record(z.string(), z.unknown()).optional(),
};
export const asyncJobSchema = z.object({ ...asyncJobFields, jobstatus: csInt }).passthrough();
export type AsyncJob = z.infer<typeof asyncJobSchema>;
export const asyncJobListItemSchema = z.object({ ...asyncJobFields, jobstatus: csInt.optional() }).passthrough();
export type AsyncJobListItem = z.infer<typeof asyncJobListItemSchema>;

/** What an async command answers at once. */
export const jobRefSchema = z.object({ jobid: csId, id: z.string().optional() }).passthrough();
export type JobRef = z.infer<typeof jobRefSchema>;

export const eventSchema = z
  .object({
    id: csId,
    type: z.string(),
    level: z.string().optional(),
    description: z.string().optional(),
    state: z.string().optional(),
    created: z.string().optional(),
    account: z.string().optional(),
    domain: z.string().optional(),
    domainid: z.string().optional(),
    username: z.string().optional(),
    resourceid: z.string().optional(),
    resourcetype: z.string().optional(),
    resourcename: z.string().optional(),
    parentid: z.string().optional(),
  })
  .passthrough();
export type Event = z.infer<typeof eventSchema>;

export const alertSchema = z
  .object({
    id: csId,
    type: csInt,
    name: z.string().optional(),
    description: z.string().optional(),
    sent: z.string().optional(),
  })
  .passthrough();
export type Alert = z.infer<typeof alertSchema>;
