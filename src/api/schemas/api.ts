import { z } from 'zod';
import { csBoolean } from './common';

/**
 * One parameter of an API as listApis describes it (CloudStack's ApiParameterResponse: name, description,
 * type, length, required, since, related).
 */
export const apiParameterSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    type: z.string().optional(),
    length: z.number().optional(),
    required: csBoolean.optional(),
    since: z.string().optional(),
    related: z.string().optional(),
  })
  .passthrough();

/**
 * One API the caller's role may call, as listApis answers it (CloudStack's ApiDiscoveryResponse, in the
 * api-discovery plugin: name, description, since, isasync, related, params, response, type).
 */
export const apiSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    since: z.string().optional(),
    isasync: csBoolean.optional(),
    related: z.string().optional(),
    params: z.array(apiParameterSchema).optional(),
    // A recorded 4.15 answer has empty objects among the response fields.
    response: z.array(z.object({ name: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();
export type Api = z.infer<typeof apiSchema>;
