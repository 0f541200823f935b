import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';

/**
 * The end-user commands that push configuration to a network's router, refused while router.version.check
 * refuses the router (NetworkHelperImpl.sendCommandsToRouter), each with its command's own error.
 */
interface Router { id: string; name: string; state: string; requiresupgrade: boolean; guestnetworkid?: string; account: string; isredundantrouter: boolean }
interface Ip { id: string; ipaddress: string; issourcenat: boolean; isstaticnat: boolean; associatednetworkid: string; virtualmachineid?: string }
interface Vm { id: string; name: string; state: string; networkid?: string; ipaddress?: string; zoneid: string; templateid: string; serviceofferingid: string }

const SEND_REFUSED = /^Resource \[VirtualRouter:\d+\] is unreachable: Unable to send command\. Router requires upgrade$/;

describe('end-user rules on a network whose router is outdated', () => {
  let t: TestServer;
  let admin: Session;
  let alice: Session;
  let router: Router;
  let net: string;
  let sourceNat: Ip;
  let vm: Vm;
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    // alice's network has one router, on an older version.
    router = expectList<Router>(await admin.call('listRouters', { listall: true, pagesize: -1 }), 'router').items.find((r) => r.account === 'alice')!;
    expect(router).toMatchObject({ requiresupgrade: true, state: 'Running' });
    net = router.guestnetworkid!;
    sourceNat = expectList<Ip>(await alice.call('listPublicIpAddresses', { associatednetworkid: net }), 'publicipaddress').items.find((i) => i.issourcenat)!;
    vm = expectList<Vm>(await alice.call('listVirtualMachines', { networkid: net }), 'virtualmachine').items[0]!;
  });
  afterAll(() => t.close());

  it('listPublicIpAddresses shows the network\'s source NAT address, its router\'s public IP', async () => {
    const [r] = expectList<{ publicip: string }>(await admin.call('listRouters', { listall: true, id: router.id }), 'router').items;
    expect(sourceNat).toMatchObject({ ipaddress: r!.publicip, issourcenat: true, isstaticnat: false, associatednetworkid: net });
  });

  it('createFirewallRule: the job fails with 530 "Failed to create firewall rule" and the rule is gone', async () => {
    const r = await alice.call('createFirewallRule', { ipaddressid: sourceNat.id, protocol: 'tcp', startport: 22, endport: 22, cidrlist: '0.0.0.0/0' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.data.id).toEqual(expect.any(String));
    const job = await t.waitForJob(alice, String(r.data.jobid));
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 530, jobinstancetype: 'FirewallRule', jobinstanceid: r.data.id,
      cmd: 'org.apache.cloudstack.api.command.user.firewall.CreateFirewallRuleCmd' });
    expect(job.jobresult).toEqual({ errorcode: 530, errortext: 'Failed to create firewall rule' });
    expect((await alice.call('listFirewallRules', { ipaddressid: sourceNat.id })).body).toEqual({ listfirewallrulesresponse: {} });
    // The reason is the router's, in the event log.
    const events = expectList<{ type: string; level: string; description: string }>(await alice.call('listEvents', { type: 'FIREWALL.OPEN' }), 'event').items;
    expect(events.some((e) => e.level === 'ERROR' && /Router requires upgrade/.test(e.description))).toBe(true);
  });

  it('createPortForwardingRule: 530 "Failed to apply port forwarding rule", and no rule is left', async () => {
    const r = await alice.call('createPortForwardingRule', { ipaddressid: sourceNat.id, protocol: 'tcp', publicport: 2222, privateport: 22, virtualmachineid: vm.id });
    const job = await t.waitForJob(alice, String(r.data.jobid));
    expect(job.jobresult).toEqual({ errorcode: 530, errortext: 'Failed to apply port forwarding rule' });
    expect(job.cmd).toMatch(/CreatePortForwardingRuleCmd$/);
    expect((await alice.call('listPortForwardingRules')).body).toEqual({ listportforwardingrulesresponse: {} });
    expect((await alice.call('listFirewallRules')).body).toEqual({ listfirewallrulesresponse: {} });
  });

  it('enableStaticNat: 530 "Failed to enable static nat", and the address stays free', async () => {
    const assoc = await alice.call('associateIpAddress', { networkid: net });
    const ip = ((await t.waitForJob(alice, String(assoc.data.jobid))).jobresult as { ipaddress: Ip }).ipaddress;
    expect(ip).toMatchObject({ issourcenat: false, isstaticnat: false, associatednetworkid: net });
    expectError(await alice.call('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vm.id }), 530, /^Failed to enable static nat$/);
    const [now] = expectList<Ip>(await alice.call('listPublicIpAddresses', { id: ip.id }), 'publicipaddress').items;
    expect(now).toMatchObject({ isstaticnat: false });
    expect(now!.virtualmachineid).toBeUndefined();
  });

  it('deployVirtualMachine into the network: the job fails with 534 and the router\'s ResourceUnavailableException text; the VM stays Stopped', async () => {
    const r = await alice.call('deployVirtualMachine', { zoneid: vm.zoneid, templateid: vm.templateid, serviceofferingid: vm.serviceofferingid, networkids: net, name: 'web-2' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const job = await t.waitForJob(alice, String(r.data.jobid));
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 534, jobinstancetype: 'VirtualMachine', jobinstanceid: r.data.id });
    expect((job.jobresult as { errortext: string }).errortext).toMatch(SEND_REFUSED);
    const [created] = expectList<Vm>(await alice.call('listVirtualMachines', { id: String(r.data.id) }), 'virtualmachine').items;
    expect(created).toMatchObject({ name: 'web-2', state: 'Stopped' });
  });

  it('restartNetwork without cleanup fails in its job with the router\'s text (530)', async () => {
    const r = await alice.call('restartNetwork', { id: net });
    const job = await t.waitForJob(alice, String(r.data.jobid));
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 530 });
    expect((job.jobresult as { errortext: string }).errortext).toMatch(SEND_REFUSED);
  });

  it('all are accepted once the router is upgraded, and their list and delete commands work', async () => {
    const [id] = (await admin.call('upgradeRouterTemplate', { id: router.id })).data.asyncjobs as { jobid: string }[];
    expect((await t.waitForJob(admin, id!.jobid)).jobstatus).toBe(1);

    const fw = await alice.call('createFirewallRule', { ipaddressid: sourceNat.id, protocol: 'tcp', startport: 22, endport: 22 });
    const fwJob = await t.waitForJob(alice, String(fw.data.jobid));
    expect(fwJob.jobstatus).toBe(1);
    expect((fwJob.jobresult as { firewallrule: Record<string, unknown> }).firewallrule)
      .toMatchObject({ id: fw.data.id, protocol: 'tcp', startport: 22, endport: 22, ipaddressid: sourceNat.id, ipaddress: sourceNat.ipaddress, state: 'Active', cidrlist: '0.0.0.0/0' });
    expect(expectList(await alice.call('listFirewallRules', { ipaddressid: sourceNat.id }), 'firewallrule').items).toHaveLength(1);

    const pf = await alice.call('createPortForwardingRule', { ipaddressid: sourceNat.id, protocol: 'tcp', publicport: 8080, privateport: 80, virtualmachineid: vm.id });
    const pfJob = await t.waitForJob(alice, String(pf.data.jobid));
    expect((pfJob.jobresult as { portforwardingrule: Record<string, unknown> }).portforwardingrule)
      .toMatchObject({ publicport: '8080', privateport: '80', virtualmachineid: vm.id, state: 'Active' });
    // openfirewall (default true) opened the public port too.
    expect(expectList(await alice.call('listFirewallRules', { ipaddressid: sourceNat.id }), 'firewallrule').items).toHaveLength(2);

    const assoc = await alice.call('associateIpAddress', { networkid: net });
    const ip = ((await t.waitForJob(alice, String(assoc.data.jobid))).jobresult as { ipaddress: Ip }).ipaddress;
    expect((await alice.call('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vm.id })).body).toEqual({ enablestaticnatresponse: { success: true } });
    expect(expectList<Ip>(await alice.call('listPublicIpAddresses', { id: ip.id }), 'publicipaddress').items[0]).toMatchObject({ isstaticnat: true, virtualmachineid: vm.id });
    const dis = await alice.call('disableStaticNat', { ipaddressid: ip.id });
    expect((await t.waitForJob(alice, String(dis.data.jobid))).jobresult).toEqual({ success: true });

    const dep = await alice.call('deployVirtualMachine', { zoneid: vm.zoneid, templateid: vm.templateid, serviceofferingid: vm.serviceofferingid, networkids: net });
    const depJob = await t.waitForJob(alice, String(dep.data.jobid));
    expect((depJob.jobresult as { virtualmachine: Vm }).virtualmachine).toMatchObject({ id: dep.data.id, state: 'Running' });

    const delPf = await alice.call('deletePortForwardingRule', { id: String(pf.data.id) });
    expect((await t.waitForJob(alice, String(delPf.data.jobid))).jobresult).toEqual({ success: true });
    const delFw = await alice.call('deleteFirewallRule', { id: String(fw.data.id) });
    expect((await t.waitForJob(alice, String(delFw.data.jobid))).jobresult).toEqual({ success: true });
    expect((await alice.call('listFirewallRules')).body).toEqual({ listfirewallrulesresponse: {} });
    const destroy = await alice.call('destroyVirtualMachine', { id: String(dep.data.id) });
    expect(((await t.waitForJob(alice, String(destroy.data.jobid))).jobresult as { virtualmachine: Vm }).virtualmachine.state).toBe('Destroyed');
  });

  it('a rule is refused while the network\'s router is starting during its upgrade', async () => {
    // Put the router back below the minimum, then hold its reboot at the start phase.
    const sim = t.server.running.sim;
    sim.db.prepare(`UPDATE routers SET version = '4.18.0' WHERE id = ?`).run(router.id);
    const [up] = (await admin.call('upgradeRouterTemplate', { id: router.id })).data.asyncjobs as { jobid: string }[];
    sim.jobs.stop();
    try {
      sim.db.prepare(`UPDATE routers SET state = 'Starting' WHERE id = ?`).run(router.id);
      const fw = await alice.call('createFirewallRule', { ipaddressid: sourceNat.id, protocol: 'udp', startport: 53 });
      // Run the rule's job alone (the reboot is held).
      sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE id = ?').run(String(fw.data.jobid));
      sim.db.prepare(`UPDATE jobs SET next_at = ? WHERE id = ?`).run(Date.now() + 3_600_000, up!.jobid);
      for (let i = 0; i < 2; i++) {
        sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE id = ?').run(String(fw.data.jobid));
        sim.jobs.tick();
      }
      const job = (await alice.call('queryAsyncJobResult', { jobid: String(fw.data.jobid) })).data;
      expect(job).toMatchObject({ jobstatus: 2, jobresult: { errorcode: 530, errortext: 'Failed to create firewall rule' } });
      const events = expectList<{ description: string }>(await alice.call('listEvents', { type: 'FIREWALL.OPEN', level: 'ERROR' }), 'event').items;
      expect(events.some((e) => /Unable to apply firewall rules, virtual router is not in the right state/.test(e.description))).toBe(true);
    } finally {
      sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE id = ?').run(up!.jobid);
      sim.jobs.start();
    }
  });

  it('another account may not use the address: 531', async () => {
    const bob = await t.login('bob', 'password', '/ROOT/Sales/');
    expectError(await bob.call('createFirewallRule', { ipaddressid: sourceNat.id, protocol: 'tcp', startport: 1 }), 531);
  });
});
