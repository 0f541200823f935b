import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';

/**
 * Apache Libcloud's CloudStack driver (Debian python3-libcloud), a client nobody here wrote: it signs every
 * request with the API key (GET, no expiry), reads the JSON envelopes itself and walks the objects' fields.
 * list_nodes calls listVirtualMachines, listPublicIpAddresses, listPortForwardingRules and
 * listIpForwardingRules; list_locations listZones; ex_list_networks listNetworks; ex_list_routers listRouters.
 */
const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

const CLIENT = `
import json, os, sys
from urllib.parse import urlparse
from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider

e = os.environ
u = urlparse(e['CS_ENDPOINT'])
Driver = get_driver(Provider.CLOUDSTACK)
driver = Driver(key=e['CS_KEY'], secret=e['CS_SECRET'], host=u.hostname, port=u.port, path=u.path, secure=False)
what = sys.argv[1]
out = {}
if what == 'nodes':
    nodes = driver.list_nodes()
    out['nodes'] = [{'id': n.id, 'name': n.name, 'state': n.state, 'private_ips': n.private_ips, 'public_ips': n.public_ips} for n in nodes]
elif what == 'locations':
    out['locations'] = [{'id': l.id, 'name': l.name} for l in driver.list_locations()]
elif what == 'networks':
    out['networks'] = [{'id': n.id, 'name': n.name, 'networkofferingid': n.networkofferingid, 'zoneid': n.zoneid} for n in driver.ex_list_networks()]
elif what == 'routers':
    out['routers'] = [{'id': r.id, 'name': r.name, 'state': r.state, 'public_ip': r.public_ip, 'vpc_id': r.vpc_id} for r in driver.ex_list_routers(vpc_id=sys.argv[2])]
print(json.dumps(out))
`;

async function libcloud(env: Record<string, string>, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, ['-c', CLIENT, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 60_000 })
    .catch((err: Error & { stderr?: string }) => {
      const text = err.stderr ?? err.message;
      if (!existsSync(PYTHON)) throw new Error(`${PYTHON} does not exist: install python3 and python3-libcloud`);
      if (/No module named '?libcloud'?/.test(text)) throw new Error('python3-libcloud is not installed: apt-get install python3-libcloud');
      throw new Error(`libcloud failed: ${text}`);
    });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('Apache Libcloud (python3-libcloud), a real CloudStack client, against the simulator', () => {
  let t: TestServer;
  let alice: Session;
  let admin: Session;
  let env: Record<string, string>;
  let adminEnv: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer({ routers: 30 });
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const keys = (await alice.call('registerUserKeys', { id: alice.userid })).data.userkeys as { apikey: string; secretkey: string };
    const adminKeys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as { apikey: string; secretkey: string };
    env = { CS_ENDPOINT: `${t.url}client/api`, CS_KEY: keys.apikey, CS_SECRET: keys.secretkey };
    adminEnv = { ...env, CS_KEY: adminKeys.apikey, CS_SECRET: adminKeys.secretkey };
  }, 60_000);
  afterAll(() => t.close());

  it('list_nodes: the user\'s VMs with their NIC addresses', async () => {
    const out = await libcloud(env, 'nodes');
    const nodes = out.nodes as { id: string; name: string; state: string; private_ips: string[] }[];
    const vms = expectList<{ id: string; name: string }>(await alice.call('listVirtualMachines'), 'virtualmachine').items;
    expect(vms.length).toBeGreaterThan(0);
    expect(nodes.map((n) => n.id).sort()).toEqual(vms.map((v) => v.id).sort());
    expect(nodes.every((n) => n.private_ips.length > 0)).toBe(true);
  }, 60_000);

  it('list_locations: the zones', async () => {
    const out = await libcloud(env, 'locations');
    expect((out.locations as { name: string }[]).map((l) => l.name).sort()).toEqual(['zone-central', 'zone-east', 'zone-west']);
  }, 60_000);

  it('ex_list_networks: the user\'s networks with their network offering', async () => {
    const out = await libcloud(env, 'networks');
    const networks = out.networks as { id: string; networkofferingid: string }[];
    expect(networks.length).toBeGreaterThan(0);
    expect(networks.every((n) => /^[0-9a-f-]{36}$/.test(n.networkofferingid))).toBe(true);
  }, 60_000);

  it('ex_list_routers: the routers of a VPC (its code reads vpcid and publicip of each)', async () => {
    // Libcloud asks with vpcid alone (no listall), so it sees the caller's own routers; the demo cloud's VPC
    // routers belong to users, so one is handed to the admin account for this test.
    const db = t.server.running.sim.db;
    const vpcRouter = expectList<{ id: string; vpcid?: string }>(await admin.call('listRouters', { listall: true, state: 'Running', pagesize: 500 }), 'router')
      .items.find((r) => r.vpcid) as { id: string; vpcid: string };
    // No API gives a router to another account (assignVirtualMachine moves user VMs only): written in the table,
    // with the owner's columns as the table keeps them.
    const owner = db.prepare("SELECT id, name, domainid, domainpath FROM accounts WHERE name = 'admin'").get() as { id: string; name: string; domainid: string; domainpath: string };
    db.prepare('UPDATE routers SET accountid = ?, account = ?, domainid = ?, domainpath = ? WHERE vpcid = ?').run(owner.id, owner.name, owner.domainid, owner.domainpath, vpcRouter.vpcid);
    const out = await libcloud(adminEnv, 'routers', vpcRouter.vpcid);
    const routers = out.routers as { id: string; vpc_id: string; public_ip: string; state: string }[];
    expect(routers.map((r) => r.id)).toContain(vpcRouter.id);
    expect(routers.every((r) => r.vpc_id === vpcRouter.vpcid && r.public_ip)).toBe(true);
  }, 60_000);
});
