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
    hostcontrolstate: z.string().optional(),
    publicip: z.string().optional(),
    publicmacaddress: z.string().optional(),
    publicnetmask: z.string().optional(),
    privateip: z.string().optional(),
    privatemacaddress: z.string().optional(),
    privatenetmask: z.string().optional(),
    linklocalip: z.string().optional(),
    linklocalmacaddress: z.string().optional(),
    linklocalnetmask: z.string().optional(),
    gateway: z.string().optional(),
    dns1: z.string().optional(),
    dns2: z.string().optional(),
    networkdomain: z.string().optional(),
    guestvlan: z.string().optional(),
    publicvlan: z.array(z.string()).optional(),
    disconnected: z.string().optional(),
    arch: z.string().optional(),
    hasannotations: csBoolean.optional(),
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

/**
 * The job result of migrateSystemVm and scaleSystemVm, which also take a router: ApiResponseHelper's
 * createSystemVmResponse writes the VM type lower-cased, so a router comes back as `domainrouter`.
 */
export const systemVmJobResultSchema = systemVmSchema.extend({
  systemvmtype: z.enum(['consoleproxy', 'secondarystoragevm', 'domainrouter']),
});
