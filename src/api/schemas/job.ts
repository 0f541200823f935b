import { z } from 'zod';
import { csId, csInt } from './common';

/** 0 pending, 1 succeeded, 2 failed. */
export const JOB_PENDING = 0;
export const JOB_SUCCEEDED = 1;
export const JOB_FAILED = 2;

export const asyncJobSchema = z
  .object({
    jobid: csId,
    accountid: z.string().optional(),
    userid: z.string().optional(),
    cmd: z.string().optional(),
    created: z.string().optional(),
    completed: z.string().optional(),
    jobstatus: csInt,
    jobprocstatus: csInt.optional(),
    jobresultcode: csInt.optional(),
    jobresulttype: z.string().optional(),
    jobinstancetype: z.string().optional(),
    jobinstanceid: z.string().optional(),
    jobresult: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type AsyncJob = z.infer<typeof asyncJobSchema>;

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
