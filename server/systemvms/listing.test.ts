import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { checkPaging, expectError, expectList, NO_SUCH_ID } from '../testing/expect';

interface SystemVm { id: string; name: string; systemvmtype: string; zoneid: string; podid: string; hostid?: string; state: string;
  agentstate: string; version: string; publicip?: string; privateip?: string; linklocalip?: string; activeviewersessions?: number }

describe('listSystemVms', () => {
  let t: TestServer;
  let admin: Session;
  let vms: SystemVm[];
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
    admin = await t.login('admin');
    vms = expectList<SystemVm>(await admin.call('listSystemVms'), 'systemvm').items;
  });
  afterAll(() => t.close());

  it('answers listsystemvmsresponse: one console proxy and at least one SSVM per zone', async () => {
    const zones = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items;
    for (const z of zones) {
      const inZone = vms.filter((v) => v.zoneid === z.id);
      expect(inZone.filter((v) => v.systemvmtype === 'consoleproxy')).toHaveLength(1);
      expect(inZone.filter((v) => v.systemvmtype === 'secondarystoragevm').length).toBeGreaterThanOrEqual(1);
    }
    for (const v of vms) {
      expect(['consoleproxy', 'secondarystoragevm']).toContain(v.systemvmtype);
      if (v.state === 'Running') {
        expect(v.agentstate).toBe('Up');
        expect(v.publicip && v.privateip && v.linklocalip && v.hostid).toBeTruthy();
      }
      expect(v.activeviewersessions === undefined).toBe(v.systemvmtype !== 'consoleproxy');
    }
  });

  it('is for the root admin only: 432 for a domain admin and a user', async () => {
    const eng = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    expectError(await eng.call('listSystemVms'), 432);
    expectError(await alice.call('listSystemVms'), 432);
  });

  it('filters by systemvmtype, id, name, zoneid, podid, hostid, state and keyword', async () => {
    const ids = async (p: Record<string, string>) =>
      expectList<SystemVm>(await admin.call('listSystemVms', p), 'systemvm').items.map((v) => v.id).sort();
    const want = (pred: (v: SystemVm) => boolean) => vms.filter(pred).map((v) => v.id).sort();
    const cp = vms.find((v) => v.systemvmtype === 'consoleproxy')!;
    expect(await ids({ systemvmtype: 'consoleproxy' })).toEqual(want((v) => v.systemvmtype === 'consoleproxy'));
    expect(await ids({ systemvmtype: 'secondarystoragevm' })).toEqual(want((v) => v.systemvmtype === 'secondarystoragevm'));
    expect(await ids({ id: cp.id })).toEqual([cp.id]);
    expect(await ids({ name: cp.name })).toEqual([cp.id]);
    expect(await ids({ zoneid: cp.zoneid })).toEqual(want((v) => v.zoneid === cp.zoneid));
    expect(await ids({ podid: cp.podid })).toEqual(want((v) => v.podid === cp.podid));
    expect(await ids({ hostid: cp.hostid! })).toEqual(want((v) => v.hostid === cp.hostid));
    expect(await ids({ state: 'running' })).toEqual(want((v) => v.state === 'Running'));
    expect(await ids({ keyword: cp.name })).toEqual(want((v) => v.name.includes(cp.name)));
    expectError(await admin.call('listSystemVms', { id: NO_SUCH_ID }), 431, /entity does not exist/);
  });

  it('bad input answers 431 naming the parameter', async () => {
    expectError(await admin.call('listSystemVms', { systemvmtype: 'router' }), 431, /systemvmtype/);
    expectError(await admin.call('listSystemVms', { zoneid: 'z1' }), 431, /zoneid/);
    expectError(await admin.call('listSystemVms', { id: 'v-1-VM' }), 431, /\bid\b/);
  });

  it('pages', async () => {
    await checkPaging(admin, 'listSystemVms', 'systemvm', {}, 2);
  });
});
