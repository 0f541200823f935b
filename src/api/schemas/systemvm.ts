import { z } from 'zod';
import { csBoolean, csId, csInt, jobFields } from './common';

export const systemVmSchema = z
  .object({
    id: csId,
    name: z.string(),
    systemvmtype: z.enum(['consoleproxy', 'secondarystoragevm']),
    state: z.string(),
    agentstate: z.string().optional(),
    zoneid: csId,
    zonename: z.string().optional(),
    podid: z.string().optional(),
    podname: z.string().optional(),
    hostid: z.string().optional(),
    hostname: z.string().optional(),
    hypervisor: z.string().optional(),
    publicip: z.string().optional(),
    privateip: z.string().optional(),
    linklocalip: z.string().optional(),
    templateid: z.string().optional(),
    templatename: z.string().optional(),
    version: z.string().optional(),
    serviceofferingid: z.string().optional(),
    serviceofferingname: z.string().optional(),
    activeviewersessions: csInt.optional(),
    isdynamicallyscalable: csBoolean.optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type SystemVm = z.infer<typeof systemVmSchema>;
