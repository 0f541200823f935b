import type { Answer } from '../../src/api/commands';
import type { publicIpAddressSchema } from '../../src/api/schemas';
import type { Db } from '../db/database';
import { readData } from '../db/rows';

/** A public IP address of a network (user_ip_address). */
export interface PublicIpRow {
  id: string; ipaddress: string; zoneid: string; networkid: string; accountid: string; account: string;
  domainid: string; domainpath: string; issourcenat: number; vmid: string | null; created: string;
}

/** A firewall, port forwarding or static NAT rule (firewall_rules); `data` holds its ports and targets. */
export interface RuleRow {
  id: string; purpose: 'Firewall' | 'PortForwarding' | 'StaticNat'; ipaddressid: string; networkid: string;
  accountid: string; account: string; domainid: string; domainpath: string;
  /** Add while its job applies it, Active once applied, Revoke while its deletion is applied. */
  state: 'Add' | 'Active' | 'Revoke';
  data: string;
}

export interface RuleData {
  protocol?: string; startport?: number; endport?: number; cidrlist?: string; icmptype?: number; icmpcode?: number;
  publicport?: number; publicendport?: number; privateport?: number; privateendport?: number;
  virtualmachineid?: string; vmguestip?: string;
  /** The firewall rule a port forwarding rule opened (openfirewall=true). */
  relatedid?: string;
}

export function getIp(db: Db, id: string): PublicIpRow | undefined {
  return db.prepare('SELECT * FROM public_ips WHERE id = ?').get(id) as PublicIpRow | undefined;
}

export function getRule(db: Db, id: string): RuleRow | undefined {
  return db.prepare('SELECT * FROM network_rules WHERE id = ?').get(id) as RuleRow | undefined;
}

/** IPAddressResponse of listPublicIpAddresses and associateIpAddress. */
export function ipResponse(db: Db, ip: PublicIpRow): Answer<typeof publicIpAddressSchema> {
  const net = db.prepare('SELECT name FROM networks WHERE id = ?').get(ip.networkid) as { name: string } | undefined;
  const zone = db.prepare('SELECT name FROM zones WHERE id = ?').get(ip.zoneid) as { name: string } | undefined;
  const vm = ip.vmid ? (db.prepare('SELECT name, data FROM vms WHERE id = ?').get(ip.vmid) as { name: string; data: string } | undefined) : undefined;
  const domain = db.prepare('SELECT name FROM domains WHERE id = ?').get(ip.domainid) as { name: string } | undefined;
  return {
    id: ip.id, ipaddress: ip.ipaddress, allocated: ip.created, zoneid: ip.zoneid, zonename: zone?.name,
    issourcenat: ip.issourcenat === 1, isstaticnat: ip.vmid !== null, issystem: false, forvirtualnetwork: true,
    associatednetworkid: ip.networkid, associatednetworkname: net?.name, networkid: ip.networkid,
    virtualmachineid: ip.vmid ?? undefined, virtualmachinename: vm?.name,
    virtualmachinedisplayname: vm ? (readData(vm).displayname as string | undefined) : undefined,
    account: ip.account, domainid: ip.domainid, domain: domain?.name, state: 'Allocated', fordisplay: true,
  };
}

/** FirewallResponse (firewall rules) or FirewallRuleResponse (port forwarding rules), by the rule's purpose. */
export function ruleResponse(db: Db, r: RuleRow): { id: string; protocol: string; [field: string]: unknown } {
  const d = JSON.parse(r.data) as RuleData;
  // Every rule is created with a protocol (createFirewallRule and createPortForwardingRule require one).
  const protocol = d.protocol ?? '';
  const ip = getIp(db, r.ipaddressid);
  const state = r.state === 'Add' ? 'Add' : r.state === 'Revoke' ? 'Revoke' : 'Active';
  const common = { id: r.id, ipaddressid: r.ipaddressid, ipaddress: ip?.ipaddress, networkid: r.networkid, state, fordisplay: true,
    cidrlist: d.cidrlist ?? '0.0.0.0/0' };
  if (r.purpose === 'PortForwarding') {
    const vm = d.virtualmachineid ? (db.prepare('SELECT name, data FROM vms WHERE id = ?').get(d.virtualmachineid) as { name: string; data: string } | undefined) : undefined;
    return { ...common, protocol, publicport: String(d.publicport), publicendport: String(d.publicendport ?? d.publicport),
      privateport: String(d.privateport), privateendport: String(d.privateendport ?? d.privateport), virtualmachineid: d.virtualmachineid,
      virtualmachinename: vm?.name, virtualmachinedisplayname: vm ? (readData(vm).displayname as string | undefined) : undefined, vmguestip: d.vmguestip };
  }
  return { ...common, protocol, startport: d.startport, endport: d.endport, icmptype: d.icmptype, icmpcode: d.icmpcode };
}
