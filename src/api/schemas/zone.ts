import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';

export const zoneSchema = z
  .object({
    id: csId,
    name: z.string(),
    allocationstate: z.string().optional(),
    networktype: z.string().optional(),
    description: z.string().optional(),
    dns1: z.string().optional(),
    internaldns1: z.string().optional(),
    localstorageenabled: csBoolean.optional(),
    securitygroupsenabled: csBoolean.optional(),
    type: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Zone = z.infer<typeof zoneSchema>;

export const podSchema = z
  .object({
    id: csId,
    name: z.string(),
    zoneid: csId,
    zonename: z.string().optional(),
    gateway: z.string().optional(),
    netmask: z.string().optional(),
    allocationstate: z.string().optional(),
    startip: z.array(z.string()).optional(),
    endip: z.array(z.string()).optional(),
    ...jobFields,
  })
  .passthrough();
export type Pod = z.infer<typeof podSchema>;

export const clusterSchema = z
  .object({
    id: csId,
    name: z.string(),
    podid: csId,
    podname: z.string().optional(),
    zoneid: csId,
    zonename: z.string().optional(),
    hypervisortype: z.string().optional(),
    clustertype: z.string().optional(),
    allocationstate: z.string().optional(),
    managedstate: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Cluster = z.infer<typeof clusterSchema>;

export const hostSchema = z
  .object({
    id: csId,
    name: z.string(),
    type: z.string().optional(),
    state: z.string().optional(),
    resourcestate: z.string().optional(),
    ipaddress: z.string().optional(),
    hypervisor: z.string().optional(),
    hypervisorversion: z.string().optional(),
    clusterid: csId.optional(),
    clustername: z.string().optional(),
    podid: csId.optional(),
    podname: z.string().optional(),
    zoneid: csId.optional(),
    zonename: z.string().optional(),
    cpunumber: z.number().optional(),
    cpuspeed: z.number().optional(),
    memorytotal: z.number().optional(),
    version: z.string().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Host = z.infer<typeof hostSchema>;
