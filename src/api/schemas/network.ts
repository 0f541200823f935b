import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';

/** A network service and its provider and capabilities (NetworkResponse / NetworkOfferingResponse `service`). */
export const networkServiceSchema = z
  .object({
    name: z.string(),
    provider: z.array(z.object({ name: z.string() }).passthrough()).optional(),
    capability: z.array(z.object({ name: z.string(), value: z.string().optional(), canchooseservicecapability: csBoolean.optional() }).passthrough()).optional(),
  })
  .passthrough();
export type NetworkService = z.infer<typeof networkServiceSchema>;

export const networkSchema = z
  .object({
    id: csId,
    name: z.string(),
    type: z.string().optional(),
    state: z.string().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    account: z.string().optional(),
    domain: z.string().optional(),
    domainid: z.string().optional(),
    cidr: z.string().optional(),
    gateway: z.string().optional(),
    vpcid: z.string().optional(),
    vpcname: z.string().optional(),
    networkofferingid: z.string().optional(),
    networkofferingname: z.string().optional(),
    networkofferingdisplaytext: z.string().optional(),
    networkofferingavailability: z.string().optional(),
    networkofferingconservemode: csBoolean.optional(),
    displaytext: z.string().optional(),
    netmask: z.string().optional(),
    networkdomain: z.string().optional(),
    broadcastdomaintype: z.string().optional(),
    issystem: csBoolean.optional(),
    ispersistent: csBoolean.optional(),
    specifyipranges: csBoolean.optional(),
    canusefordeploy: csBoolean.optional(),
    service: z.array(networkServiceSchema).optional(),
    redundantrouter: csBoolean.optional(),
    restartrequired: csBoolean.optional(),
    traffictype: z.string().optional(),
    acltype: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Network = z.infer<typeof networkSchema>;

export const virtualMachineSchema = z
  .object({
    id: csId,
    name: z.string(),
    displayname: z.string().optional(),
    state: z.string(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    hostid: z.string().optional(),
    hostname: z.string().optional(),
    hypervisor: z.string().optional(),
    account: z.string().optional(),
    domain: z.string().optional(),
    domainid: z.string().optional(),
    templateid: z.string().optional(),
    templatename: z.string().optional(),
    serviceofferingid: z.string().optional(),
    serviceofferingname: z.string().optional(),
    ipaddress: z.string().optional(),
    nic: z.array(z.object({ id: csId, ipaddress: z.string().optional(), networkid: z.string().optional(), isdefault: csBoolean.optional() }).passthrough()).optional(),
    cpunumber: z.number().optional(),
    memory: z.number().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type VirtualMachine = z.infer<typeof virtualMachineSchema>;
