import { z } from 'zod';
import { csBoolean } from './common';

export const configurationSchema = z
  .object({
    name: z.string(),
    value: z.string().nullable().optional(),
    defaultvalue: z.string().optional(),
    description: z.string().optional(),
    category: z.string().optional(),
    scope: z.string().optional(),
    type: z.string().optional(),
    isdynamic: csBoolean.optional(),
    options: z.string().optional(),
    group: z.string().optional(),
    subgroup: z.string().optional(),
    parent: z.string().optional(),
    displaytext: z.string().optional(),
    /** Not a CloudStack field: the simulator's flag for a saved value that waits for a restart. */
    pendingrestart: csBoolean.optional(),
  })
  .passthrough();
export type Configuration = z.infer<typeof configurationSchema>;
