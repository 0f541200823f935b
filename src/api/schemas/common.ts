import { z } from 'zod';

/** CloudStack sends booleans as JSON booleans in responses; some older servers send "true"/"false". */
export const csBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
/** Integers arrive as numbers; a few fields are strings on older servers. */
export const csInt = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);
export const csId = z.string().min(1);
/** Dates look like 2021-09-29T17:50:11+0530. */
export const csDate = z.string();

/** Fields every entity may carry while a job acts on it. */
export const jobFields = {
  jobid: z.string().optional(),
  jobstatus: csInt.optional(),
};
