import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';

/**
 * A public IP address (listPublicIpAddresses, associateIpAddress; IPAddressResponse). The source NAT
 * address of an isolated network is its router's public IP.
 */
export const publicIpAddressSchema = z
  .object({
    id: csId,
    ipaddress: z.string(),
    allocated: z.string().optional(),
    associatednetworkid: z.string().optional(),
    associatednetworkname: z.string().optional(),
    issourcenat: csBoolean.optional(),
    isstaticnat: csBoolean.optional(),
    virtualmachineid: z.string().optional(),
    virtualmachinename: z.string().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    account: z.string().optional(),
    domainid: z.string().optional(),
    domain: z.string().optional(),
    state: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type PublicIpAddress = z.infer<typeof publicIpAddressSchema>;

/** An ingress firewall rule (createFirewallRule, listFirewallRules; FirewallResponse). */
export const firewallRuleSchema = z
  .object({
    id: csId,
    protocol: z.string(),
    startport: z.union([z.number(), z.string()]).optional(),
    endport: z.union([z.number(), z.string()]).optional(),
    ipaddressid: z.string().optional(),
    ipaddress: z.string().optional(),
    networkid: z.string().optional(),
    state: z.string().optional(),
    cidrlist: z.string().optional(),
    icmptype: z.number().optional(),
    icmpcode: z.number().optional(),
    fordisplay: csBoolean.optional(),
  })
  .passthrough();
export type FirewallRule = z.infer<typeof firewallRuleSchema>;

/** A port forwarding rule (createPortForwardingRule, listPortForwardingRules; FirewallRuleResponse). */
export const portForwardingRuleSchema = z
  .object({
    id: csId,
    protocol: z.string(),
    publicport: z.string().optional(),
    publicendport: z.string().optional(),
    privateport: z.string().optional(),
    privateendport: z.string().optional(),
    ipaddressid: z.string().optional(),
    ipaddress: z.string().optional(),
    networkid: z.string().optional(),
    virtualmachineid: z.string().optional(),
    virtualmachinename: z.string().optional(),
    virtualmachinedisplayname: z.string().optional(),
    vmguestip: z.string().optional(),
    state: z.string().optional(),
    cidrlist: z.string().optional(),
    fordisplay: csBoolean.optional(),
  })
  .passthrough();
export type PortForwardingRule = z.infer<typeof portForwardingRuleSchema>;
