import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';

export const routerHealthCheckSchema = z
  .object({
    checkname: z.string(),
    checktype: z.string().optional(),
    success: csBoolean,
    lastupdated: z.string().optional(),
    details: z.string().optional(),
  })
  .passthrough();
export type RouterHealthCheck = z.infer<typeof routerHealthCheckSchema>;

export const routerSchema = z
  .object({
    id: csId,
    name: z.string(),
    state: z.string(),
    role: z.string().optional(),
    version: z.string().optional(),
    requiresupgrade: csBoolean.optional(),
    isredundantrouter: csBoolean.optional(),
    redundantstate: z.string().optional(),
    zoneid: csId,
    zonename: z.string().optional(),
    podid: z.string().optional(),
    podname: z.string().optional(),
    hostid: z.string().optional(),
    hostname: z.string().optional(),
    hypervisor: z.string().optional(),
    account: z.string().optional(),
    domain: z.string().optional(),
    domainid: z.string().optional(),
    domainpath: z.string().optional(),
    project: z.string().optional(),
    projectid: z.string().optional(),
    guestnetworkid: z.string().optional(),
    guestnetworkname: z.string().optional(),
    guestipaddress: z.string().optional(),
    vpcid: z.string().optional(),
    vpcname: z.string().optional(),
    publicip: z.string().optional(),
    linklocalip: z.string().optional(),
    templateid: z.string().optional(),
    templatename: z.string().optional(),
    serviceofferingid: z.string().optional(),
    serviceofferingname: z.string().optional(),
    softwareversion: z.string().optional(),
    scriptsversion: z.string().optional(),
    created: z.string().optional(),
    healthchecksfailed: csBoolean.optional(),
    healthcheckresults: z.array(routerHealthCheckSchema).optional(),
    ...jobFields,
  })
  .passthrough();
export type Router = z.infer<typeof routerSchema>;

export const routerHealthChecksSchema = z
  .object({
    routerid: csId,
    healthchecks: z.array(routerHealthCheckSchema).optional(),
  })
  .passthrough();
export type RouterHealthChecks = z.infer<typeof routerHealthChecksSchema>;
