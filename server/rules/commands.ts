import { randomUUID } from 'node:crypto';
import { command } from '../api/registry';
import { addEqs, addKeyword, queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { ApiError, notFound, paramError } from '../api/errors';
import type { Caller, Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { NetworkRow } from '../networks/commands';
import { applyRulesRefusal } from '../routers/send';
import { getIp, getRule, ipResponse, ruleResponse, type PublicIpRow, type RuleData, type RuleRow } from './rows';


function ipFor(sim: Simulator, caller: Caller, id: string): PublicIpRow {
  const ip = getIp(sim.db, id);
  if (!ip) throw notFound('IP address', id);
  checkAccess(caller, ip, `IP address ${ip.ipaddress}`);
  return ip;
}

function ruleFor(sim: Simulator, caller: Caller, id: string, purpose: RuleRow['purpose']): RuleRow {
  const r = getRule(sim.db, id);
  if (!r || r.purpose !== purpose) throw notFound(purpose === 'Firewall' ? 'firewall rule' : 'port forwarding rule', id);
  checkAccess(caller, r, `rule ${r.id}`);
  return r;
}

function event(sim: Simulator, owner: NetworkRow | PublicIpRow, type: string, description: string, resourceid: string, level: 'INFO' | 'ERROR' = 'INFO'): void {
  recordEvent(sim.db, { type, level, description, owner: ownerOf(sim.db, owner), resourceid, resourcetype: 'FirewallRule' });
}

function insertRule(sim: Simulator, ip: PublicIpRow, purpose: RuleRow['purpose'], data: RuleData): string {
  const id = randomUUID();
  sim.db.prepare(`INSERT INTO network_rules (id, purpose, ipaddressid, networkid, accountid, account, domainid, domainpath, state, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Add', ?)`)
    .run(id, purpose, ip.id, ip.networkid, ip.accountid, ip.account, ip.domainid, ip.domainpath, JSON.stringify(data));
  return id;
}

/** listPublicIpAddresses (list key publicipaddress): the addresses of the caller's networks. */
export const listPublicIpAddresses = command({
  name: 'listPublicIpAddresses',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    addEqs(f, p, ['id', 'ipaddress', 'zoneid']);
    const net = p.associatednetworkid ?? p.networkid;
    if (net) { f.where.push('networkid = ?'); f.args.push(net); }
    if (p.issourcenat !== undefined) { f.where.push('issourcenat = ?'); f.args.push(p.issourcenat ? 1 : 0); }
    if (p.isstaticnat !== undefined) f.where.push(p.isstaticnat ? 'vmid IS NOT NULL' : 'vmid IS NULL');
    addKeyword(f, ['ipaddress'], p.keyword);
    const { count, rows } = queryPage<PublicIpRow>(sim.db, sim, 'public_ips', f, p, 'rowid');
    return { count, items: rows.map((r) => ipResponse(sim.db, r)) };
  },
});

/**
 * associateIpAddress (AssociateIPAddrCmd, async, jobinstancetype IpAddress): acquires a public IP for an
 * isolated network. Nothing is sent to the router until a rule uses the address.
 */
export const associateIpAddress = command({
  name: 'associateIpAddress',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(p.networkid) as NetworkRow | undefined;
    if (!n) throw notFound('network', p.networkid);
    checkAccess(caller, n, `network ${n.name}`);
    if (n.type !== 'Isolated' || n.vpcid) throw paramError(`Unable to associate a public IP address with network ${n.name}: only isolated networks outside a VPC are supported here`);
    const id = randomUUID();
    const seq = Number((sim.db.prepare(`SELECT value FROM meta WHERE key = 'publicip.seq'`).get() as { value: string } | undefined)?.value ?? 0) + 1;
    sim.db.prepare(`INSERT INTO meta (key, value) VALUES ('publicip.seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(seq));
    const address = `198.18.${(seq >> 8) % 256}.${seq % 256}`;
    sim.db.prepare(`INSERT INTO public_ips (id, ipaddress, zoneid, networkid, accountid, account, domainid, domainpath, issourcenat, vmid, created)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)`).run(id, address, n.zoneid, n.id, n.accountid, n.account, n.domainid, n.domainpath, nowDate());
    const jobid = sim.jobs.submit({ kind: 'ip.associate', caller, instanceid: id });
    return { jobid, id };
  },
});

/**
 * createFirewallRule (CreateFirewallRuleCmd, BaseAsyncCreateCmd: answers {id, jobid}). The rule is stored
 * at once (state Add); its job applies the network's firewall rules to the routers. When a router refuses
 * (router.version.check, or a router in the wrong state), the rule is revoked and the job fails with 530
 * "Failed to create firewall rule", the text the command's finally block throws.
 */
export const createFirewallRule = command({
  name: 'createFirewallRule',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const ip = ipFor(sim, caller, p.ipaddressid);
    const protocol = p.protocol.toLowerCase();
    const icmp = protocol === 'icmp';
    const id = insertRule(sim, ip, 'Firewall', {
      protocol, startport: icmp ? undefined : p.startport, endport: icmp ? undefined : (p.endport ?? p.startport), cidrlist: p.cidrlist,
      icmptype: icmp ? (p.icmptype ?? -1) : undefined, icmpcode: icmp ? (p.icmpcode ?? -1) : undefined,
    });
    const jobid = sim.jobs.submit({ kind: 'firewall.create', caller, instanceid: id });
    event(sim, ip, 'FIREWALL.OPEN', `Creating firewall rule for IP: ${ip.ipaddress} for protocol:${protocol}`, id);
    return { jobid, id };
  },
});

/**
 * The list command of one kind of rule (ListFirewallRulesCmd, ListPortForwardingRulesCmd): the caller's
 * rules of that purpose, filtered by id, public IP or network; answers `{count, items}` of ruleResponse.
 */
function listRulesCommand(name: 'listFirewallRules' | 'listPortForwardingRules', purpose: RuleRow['purpose']) {
  return command({
    name,
    access: 'user',
    handle: ({ sim, caller }, p) => {
      const f = ownerFilter(sim.db, caller, p);
      f.where.push('purpose = ?');
      f.args.push(purpose);
      addEqs(f, p, ['id', 'ipaddressid', 'networkid']);
      const { count, rows } = queryPage<RuleRow>(sim.db, sim, 'network_rules', f, p, 'rowid');
      return { count, items: rows.map((r) => ruleResponse(sim.db, r)) };
    },
  });
}

/**
 * The delete command of one kind of rule (async): revokes the rule in a job of `kind`, which applies the
 * network's rules again and fails with the command's own 530 text when a router refuses.
 */
function deleteRuleCommand(name: 'deleteFirewallRule' | 'deletePortForwardingRule', purpose: RuleRow['purpose'], kind: string) {
  return command({
    name,
    access: 'user',
    handle: ({ sim, caller }, p) => {
      const r = ruleFor(sim, caller, p.id, purpose);
      return { jobid: sim.jobs.submit({ kind, caller, instanceid: r.id }) };
    },
  });
}

/** listFirewallRules (list key firewallrule). */
export const listFirewallRules = listRulesCommand('listFirewallRules', 'Firewall');

/** deleteFirewallRule (async): revokes the rule and applies the network's rules again; 530 "Failed to delete firewall rule" when a router refuses. */
export const deleteFirewallRule = deleteRuleCommand('deleteFirewallRule', 'Firewall', 'firewall.delete');

/**
 * createPortForwardingRule (BaseAsyncCreateCmd): with openfirewall (default true) a firewall rule for the
 * public ports is created with it. When a router refuses, both are revoked and the job fails with 530
 * "Failed to apply port forwarding rule".
 */
export const createPortForwardingRule = command({
  name: 'createPortForwardingRule',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const ip = ipFor(sim, caller, p.ipaddressid);
    const vm = sim.db.prepare('SELECT id, name, networkid, accountid, domainpath, data FROM vms WHERE id = ?').get(p.virtualmachineid) as
      { id: string; name: string; networkid: string | null; accountid: string; domainpath: string; data: string } | undefined;
    if (!vm) throw notFound('virtual machine', p.virtualmachineid);
    checkAccess(caller, vm, `VM ${vm.name}`);
    if (vm.networkid !== ip.networkid) throw paramError(`Unable to create port forwarding rule: VM ${vm.name} has no NIC in the network of IP address ${ip.ipaddress}`);
    if (ip.vmid) throw new ApiError(537, `Can't create port forwarding rule; ip id=${ip.id} has static nat enabled`);
    const protocol = p.protocol.toLowerCase();
    const related = p.openfirewall === false ? undefined
      : insertRule(sim, ip, 'Firewall', { protocol, startport: p.publicport, endport: p.publicendport ?? p.publicport, cidrlist: p.cidrlist });
    const id = insertRule(sim, ip, 'PortForwarding', {
      protocol, publicport: p.publicport, publicendport: p.publicendport ?? p.publicport, privateport: p.privateport,
      privateendport: p.privateendport ?? p.privateport, virtualmachineid: vm.id,
      vmguestip: p.vmguestip ?? (JSON.parse(vm.data) as { ipaddress?: string }).ipaddress, cidrlist: p.cidrlist, relatedid: related,
    });
    const jobid = sim.jobs.submit({ kind: 'portforwarding.create', caller, instanceid: id });
    event(sim, ip, 'NET.RULEADD', `Creating port forwarding rule for IP: ${ip.ipaddress} to VM ${vm.name}`, id);
    return { jobid, id };
  },
});

/** listPortForwardingRules (list key portforwardingrule). */
export const listPortForwardingRules = listRulesCommand('listPortForwardingRules', 'PortForwarding');

/** deletePortForwardingRule (async): 530 "Failed to delete port forwarding rule" when a router refuses. */
export const deletePortForwardingRule = deleteRuleCommand('deletePortForwardingRule', 'PortForwarding', 'portforwarding.delete');

/**
 * enableStaticNat (EnableStaticNatCmd, synchronous, SuccessResponse). RulesManagerImpl.enableStaticNat
 * records the one-to-one NAT and applies the static NAT rules; when a router refuses it puts the address
 * back and the command answers 530 "Failed to enable static nat".
 */
export const enableStaticNat = command({
  name: 'enableStaticNat',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const ip = ipFor(sim, caller, p.ipaddressid);
    const vm = sim.db.prepare('SELECT id, name, networkid, accountid, domainpath FROM vms WHERE id = ?').get(p.virtualmachineid) as
      { id: string; name: string; networkid: string | null; accountid: string; domainpath: string } | undefined;
    if (!vm) throw notFound('virtual machine', p.virtualmachineid);
    checkAccess(caller, vm, `VM ${vm.name}`);
    if (ip.issourcenat === 1) throw paramError(`Can't enable static, ip address ${ip.ipaddress} is a sourceNat ip address`);
    if (vm.networkid !== ip.networkid) throw paramError(`Vm doesn't belong to the network ${ip.networkid}`);
    if (ip.vmid && ip.vmid !== vm.id) throw new ApiError(537, `Failed to enable static for the ip address ${ip.ipaddress} and vm id=${vm.id} as it's already assigned to antoher vm`);
    const other = sim.db.prepare('SELECT ipaddress FROM public_ips WHERE vmid = ? AND id <> ?').get(vm.id, ip.id) as { ipaddress: string } | undefined;
    if (other) throw paramError(`Failed to enable static nat for the ip address id=${ip.id} as vm id=${vm.id} is already associated with ip id=${other.ipaddress}`);
    if (sim.db.prepare(`SELECT 1 FROM network_rules WHERE ipaddressid = ? AND purpose = 'PortForwarding'`).get(ip.id)) {
      throw new ApiError(537, `Failed to enable static nat for the ip address ${ip.ipaddress} as it already has PortForwarding rules assigned`);
    }
    const refused = applyRulesRefusal(sim, ip.networkid, 'static nat rules');
    if (refused) {
      event(sim, ip, 'STATICNAT.ENABLE', `Failed to enable static nat for ${ip.ipaddress}: ${refused}`, ip.id, 'ERROR');
      throw new ApiError(530, 'Failed to enable static nat');
    }
    sim.db.prepare('UPDATE public_ips SET vmid = ? WHERE id = ?').run(vm.id, ip.id);
    event(sim, ip, 'STATICNAT.ENABLE', `Enabled static nat for ${ip.ipaddress} to VM ${vm.name}`, ip.id);
    return { success: true };
  },
});

/** disableStaticNat (async): 530 "Failed to disable static nat" when a router refuses. */
export const disableStaticNat = command({
  name: 'disableStaticNat',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const ip = ipFor(sim, caller, p.ipaddressid);
    if (!ip.vmid) throw paramError(`Specified IP address id is not associated with any vm Id`);
    const jobid = sim.jobs.submit({ kind: 'staticnat.disable', caller, instanceid: ip.id });
    return { jobid };
  },
});

export const ruleCommands = [listPublicIpAddresses, associateIpAddress, createFirewallRule, listFirewallRules, deleteFirewallRule,
  createPortForwardingRule, listPortForwardingRules, deletePortForwardingRule, enableStaticNat, disableStaticNat];

