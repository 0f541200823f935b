import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';

/** Redundant router pairs: VRRP failover, and NetworkHelperImpl.startVirtualRouter's placement away from the peer. */
interface Router { id: string; name: string; state: string; redundantstate: string; isredundantrouter: boolean; guestnetworkid?: string;
  hostid?: string; podid: string; zoneid: string; templateid: string; version: string; requiresupgrade: boolean }
interface Host { id: string; podid: string; clusterid: string }

async function routers(s: Session, p: Record<string, string> = {}): Promise<Router[]> {
  return expectList<Router>(await s.call('listRouters', { listall: true, pagesize: -1, ...p }), 'router').items;
}

describe('redundant routers', () => {
  let t: TestServer;
  let admin: Session;
  let hosts: Map<string, Host>;
  const used = new Set<string>();
  beforeAll(async () => {
    t = await startTestServer({ routers: 80 });
    admin = await t.login();
    hosts = new Map(expectList<Host>(await admin.call('listHosts', { type: 'Routing', pagesize: -1 }), 'host').items.map((h) => [h.id, h]));
  });
  afterAll(() => t.close());

  /** A running PRIMARY/BACKUP pair of one network not used by an earlier test. */
  async function pair(): Promise<{ primary: Router; backup: Router; net: string }> {
    const all = (await routers(admin)).filter((r) => r.isredundantrouter && r.guestnetworkid && !used.has(r.guestnetworkid));
    for (const r of all) {
      const peers = all.filter((x) => x.guestnetworkid === r.guestnetworkid);
      const primary = peers.find((x) => x.redundantstate === 'PRIMARY' && x.state === 'Running');
      const backup = peers.find((x) => x.redundantstate === 'BACKUP' && x.state === 'Running');
      if (primary && backup) {
        used.add(r.guestnetworkid!);
        return { primary, backup, net: r.guestnetworkid! };
      }
    }
    throw new Error('no redundant pair left');
  }
  async function run(cmd: string, params: Record<string, string | boolean>) {
    const r = await admin.call(cmd, params);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const job = await t.waitForJob(admin, String(r.data.jobid));
    expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
    return job;
  }
  const byId = async (id: string) => (await routers(admin, { id }))[0]!;

  it('when the PRIMARY stops, the BACKUP becomes PRIMARY; the router that comes back joins as BACKUP', async () => {
    const { primary, backup } = await pair();
    await run('stopRouter', { id: primary.id });
    expect(await byId(backup.id)).toMatchObject({ state: 'Running', redundantstate: 'PRIMARY' });
    expect(await byId(primary.id)).toMatchObject({ state: 'Stopped', redundantstate: 'UNKNOWN' });
    await run('startRouter', { id: primary.id });
    expect(await byId(primary.id)).toMatchObject({ state: 'Running', redundantstate: 'BACKUP' });
    expect(await byId(backup.id)).toMatchObject({ redundantstate: 'PRIMARY' });
  });

  it('when the PRIMARY reboots (as in an upgrade), the BACKUP takes over and the rebooted router comes back as BACKUP', async () => {
    const { primary, backup } = await pair();
    await run('rebootRouter', { id: primary.id });
    expect(await byId(backup.id)).toMatchObject({ redundantstate: 'PRIMARY' });
    expect(await byId(primary.id)).toMatchObject({ state: 'Running', redundantstate: 'BACKUP' });
  });

  it('a redundant router is started away from its peer\'s pod, cluster and host when it can be', async () => {
    const { primary, backup } = await pair();
    await run('stopRouter', { id: backup.id });
    // Make the stopped router's last host its peer's, so that starting it where it last ran would put both together.
    t.server.running.sim.db.prepare(`UPDATE routers SET data = json_set(data, '$.lasthostid', ?) WHERE id = ?`).run(primary.hostid, backup.id);
    await run('startRouter', { id: backup.id });
    const now = await byId(backup.id);
    const peerHost = hosts.get(primary.hostid!)!;
    const host = hosts.get(now.hostid!)!;
    expect(host.id).not.toBe(peerHost.id);
    const zoneHosts = [...hosts.values()].filter((h) => h.podid !== peerHost.podid && (t.server.running.sim.db
      .prepare('SELECT zoneid FROM hosts WHERE id = ?').pluck().get(h.id)) === primary.zoneid);
    if (zoneHosts.length > 0) expect(host.podid).not.toBe(peerHost.podid);
    else expect(host.clusterid).not.toBe(peerHost.clusterid);
    expect(now.podid).toBe(host.podid);
  });

  it('restartNetwork cleanup=true replaces the routers one by one: the peer stays up, the new ones run router.template.*', async () => {
    const { net } = await pair();
    const sim = t.server.running.sim;
    const before = await routers(admin, { networkid: net });
    const r = await admin.call('restartNetwork', { id: net, cleanup: true });
    // Drive the job by hand and look after every step: a running router is always there.
    sim.jobs.stop();
    try {
      for (;;) {
        sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE id = ? AND status = 0').run(String(r.data.jobid));
        sim.jobs.tick();
        const states = sim.db.prepare('SELECT state FROM routers WHERE networkid = ?').pluck().all(net) as string[];
        expect(states, 'no router of the redundant network was running').toContain('Running');
        const status = sim.db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(String(r.data.jobid)) as number;
        if (status !== 0) break;
      }
    } finally {
      sim.jobs.start();
    }
    const job = (await admin.call('queryAsyncJobResult', { jobid: String(r.data.jobid) })).data;
    expect(job).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
    const after = await routers(admin, { networkid: net });
    expect(after).toHaveLength(2);
    expect(after.map((x) => x.id).filter((id) => before.some((b) => b.id === id))).toHaveLength(0);
    expect(after.map((x) => x.redundantstate).sort()).toEqual(['BACKUP', 'PRIMARY']);
    expect(after.every((x) => x.state === 'Running' && !x.requiresupgrade)).toBe(true);
  });
});
