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
    /** Always present in CloudStack's answer: false means a management-server restart applies a change. */
    isdynamic: csBoolean.optional(),
    component: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    options: z.string().optional(),
    group: z.string().optional(),
    subgroup: z.string().optional(),
    parent: z.string().optional(),
    displaytext: z.string().optional(),
  })
  .passthrough();
export type Configuration = z.infer<typeof configurationSchema>;
