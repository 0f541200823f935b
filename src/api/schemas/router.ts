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

/** NicResponse: one NIC of a VM or router (the router's `nic` list; admin-only fields). */
export const nicSchema = z
  .object({
    id: csId,
    networkid: z.string().optional(),
    networkname: z.string().optional(),
    ipaddress: z.string().optional(),
    netmask: z.string().optional(),
    gateway: z.string().optional(),
    macaddress: z.string().optional(),
    traffictype: z.string().optional(),
    type: z.string().optional(),
    isdefault: csBoolean.optional(),
    broadcasturi: z.string().optional(),
    isolationuri: z.string().optional(),
    ip6address: z.string().optional(),
    ip6gateway: z.string().optional(),
    ip6cidr: z.string().optional(),
    mtu: z.number().optional(),
  })
  .passthrough();
export type Nic = z.infer<typeof nicSchema>;

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
    publicmacaddress: z.string().optional(),
    publicnetmask: z.string().optional(),
    publicnetworkid: z.string().optional(),
    gateway: z.string().optional(),
    linklocalip: z.string().optional(),
    linklocalmacaddress: z.string().optional(),
    linklocalnetmask: z.string().optional(),
    linklocalnetworkid: z.string().optional(),
    guestmacaddress: z.string().optional(),
    guestnetmask: z.string().optional(),
    networkdomain: z.string().optional(),
    dns1: z.string().optional(),
    dns2: z.string().optional(),
    ip6dns1: z.string().optional(),
    ip6dns2: z.string().optional(),
    hostcontrolstate: z.string().optional(),
    nic: z.array(nicSchema).optional(),
    hasannotations: csBoolean.optional(),
    arch: z.string().optional(),
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
