import type { Simulator } from '../api/context';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { JobKind, StepOutcome } from '../jobs/runner';
import { applyRulesRefusal } from '../routers/send';
import { getIp, getRule, ipResponse, ruleResponse, type RuleData, type RuleRow } from './rows';

/** Simulated time (ms at speed 1) a router takes to apply a set of rules. */
export const RULE_APPLY_MS = 400;

const USER = 'org.apache.cloudstack.api.command.user';

/**
 * The jobs of the end-user rule commands. Each applies the network's rules to its routers at its last step
 * (BasicNetworkTopology.applyRules through NetworkHelperImpl.sendCommandsToRouter): while router.version.check
 * refuses an outdated router, or a router is in the middle of starting, the job fails with the command's
 * own text (the commands turn the ResourceUnavailableException into a ServerApiException, 530) and the
 * rule is put back as it was.
 */
export function ruleJobKinds(sim: Simulator): Record<string, JobKind> {
  const event = (r: RuleRow, type: string, description: string, level: 'INFO' | 'ERROR' = 'INFO') =>
    recordEvent(sim.db, { type, level, description, owner: ownerOf(sim.db, r), resourceid: r.id, resourcetype: 'FirewallRule' });
  const what = (r: RuleRow) => (r.purpose === 'PortForwarding' ? 'port forwarding rules' : 'firewall rules');

  const create = (cmd: string): JobKind => ({
    cmd: `${USER}.firewall.${cmd}`,
    instancetype: 'FirewallRule',
    step(job, _payload, step): StepOutcome {
      const r = getRule(sim.db, job.instanceid!);
      if (!r) return { fail: { code: 530, text: `Rule ${job.instanceid} no longer exists` } };
      if (step === 0) return { next: RULE_APPLY_MS };
      const failText = r.purpose === 'PortForwarding' ? 'Failed to apply port forwarding rule' : 'Failed to create firewall rule';
      const refused = applyRulesRefusal(sim, r.networkid, what(r));
      if (refused) {
        const d = JSON.parse(r.data) as RuleData;
        sim.db.prepare('DELETE FROM network_rules WHERE id = ? OR id = ?').run(r.id, d.relatedid ?? '');
        event(r, r.purpose === 'PortForwarding' ? 'NET.RULEADD' : 'FIREWALL.OPEN', `${failText}: ${refused}`, 'ERROR');
        return { fail: { code: 530, text: failText } };
      }
      const d = JSON.parse(r.data) as RuleData;
      sim.db.prepare(`UPDATE network_rules SET state = 'Active' WHERE id = ? OR id = ?`).run(r.id, d.relatedid ?? '');
      event(r, r.purpose === 'PortForwarding' ? 'NET.RULEADD' : 'FIREWALL.OPEN', `Applied ${r.purpose === 'PortForwarding' ? 'port forwarding' : 'firewall'} rule ${r.id}`);
      const now = getRule(sim.db, r.id)!;
      return { done: { [r.purpose === 'PortForwarding' ? 'portforwardingrule' : 'firewallrule']: ruleResponse(sim.db, now) } };
    },
    onFail(job) {
      sim.db.prepare(`DELETE FROM network_rules WHERE id = ? AND state = 'Add'`).run(job.instanceid);
    },
  });

  const remove = (cmd: string): JobKind => ({
    cmd: `${USER}.firewall.${cmd}`,
    instancetype: 'FirewallRule',
    step(job, _payload, step): StepOutcome {
      const r = getRule(sim.db, job.instanceid!);
      if (!r) return { fail: { code: 431, text: `Unable to find rule ${job.instanceid}` } };
      if (step === 0) {
        sim.db.prepare(`UPDATE network_rules SET state = 'Revoke' WHERE id = ?`).run(r.id);
        return { next: RULE_APPLY_MS };
      }
      const refused = applyRulesRefusal(sim, r.networkid, what(r));
      if (refused) {
        const text = r.purpose === 'PortForwarding' ? 'Failed to delete port forwarding rule' : 'Failed to delete firewall rule';
        event(r, 'NET.RULEDELETE', `${text}: ${refused}`, 'ERROR');
        return { fail: { code: 530, text } };
      }
      const d = JSON.parse(r.data) as RuleData;
      sim.db.prepare('DELETE FROM network_rules WHERE id = ? OR id = ?').run(r.id, d.relatedid ?? '');
      event(r, r.purpose === 'PortForwarding' ? 'NET.RULEDELETE' : 'FIREWALL.CLOSE', `Deleted rule ${r.id}`);
      return { done: { success: true } };
    },
    onFail(job) {
      sim.db.prepare(`UPDATE network_rules SET state = 'Active' WHERE id = ? AND state = 'Revoke'`).run(job.instanceid);
    },
  });

  const associate: JobKind = {
    cmd: `${USER}.address.AssociateIPAddrCmd`,
    instancetype: 'IpAddress',
    step(job): StepOutcome {
      const ip = getIp(sim.db, job.instanceid!);
      if (!ip) return { fail: { code: 530, text: `IP address ${job.instanceid} no longer exists` } };
      return { done: { ipaddress: ipResponse(sim.db, ip) } };
    },
  };

  const disableNat: JobKind = {
    cmd: `${USER}.nat.DisableStaticNatCmd`,
    instancetype: 'IpAddress',
    step(job, _payload, step): StepOutcome {
      const ip = getIp(sim.db, job.instanceid!);
      if (!ip) return { fail: { code: 431, text: `Unable to find IP address ${job.instanceid}` } };
      if (step === 0) return { next: RULE_APPLY_MS };
      if (applyRulesRefusal(sim, ip.networkid, 'static nat rules')) return { fail: { code: 530, text: 'Failed to disable static nat' } };
      sim.db.prepare('UPDATE public_ips SET vmid = NULL WHERE id = ?').run(ip.id);
      return { done: { success: true } };
    },
  };

  return {
    'firewall.create': create('CreateFirewallRuleCmd'), 'firewall.delete': remove('DeleteFirewallRuleCmd'),
    'portforwarding.create': create('CreatePortForwardingRuleCmd'), 'portforwarding.delete': remove('DeletePortForwardingRuleCmd'),
    'ip.associate': associate, 'staticnat.disable': disableNat,
  };
}
