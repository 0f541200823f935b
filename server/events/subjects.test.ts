import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import type { Simulator } from '../api/context';
import { recordRouterEvent, recordSystemVmEvent } from './subjects';

interface EventRow { type: string; level: string; state: string; description: string; accountid: string; domainpath: string;
  resourceid: string | null; data: string }

describe('events about routers and system VMs', () => {
  let t: TestServer;
  let sim: Simulator;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
    sim = t.server.running.sim;
  });
  afterAll(() => t.close());

  const last = (): EventRow & { d: Record<string, unknown> } => {
    const e = sim.db.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get() as EventRow;
    return { ...e, d: JSON.parse(e.data) as Record<string, unknown> };
  };

  it("a router's event is its account's, about the DomainRouter", () => {
    const r = sim.db.prepare(`SELECT * FROM routers WHERE account <> 'admin' ORDER BY rowid LIMIT 1`).get() as {
      id: string; name: string; accountid: string; account: string; domainid: string; domainpath: string };
    recordRouterEvent(sim.db, r, { type: 'ROUTER.TEST', level: 'WARN', state: 'Scheduled', description: `Testing ${r.name}` });
    const e = last();
    expect(e).toMatchObject({ type: 'ROUTER.TEST', level: 'WARN', state: 'Scheduled', description: `Testing ${r.name}`,
      accountid: r.accountid, domainpath: r.domainpath, resourceid: r.id });
    expect(e.d).toMatchObject({ account: r.account, domainid: r.domainid, resourcetype: 'DomainRouter', resourcename: r.name });
  });

  it("a system VM's event is the system account's, about a ConsoleProxy or a SecondaryStorageVm; INFO and Completed unless said", () => {
    const vms = sim.db.prepare('SELECT id, name, systemvmtype FROM systemvms ORDER BY rowid').all() as { id: string; name: string; systemvmtype: string }[];
    const root = sim.db.prepare('SELECT id, domainpath FROM accounts WHERE accounttype = 1 ORDER BY rowid LIMIT 1').get() as { id: string; domainpath: string };
    for (const [type, resourcetype] of [['consoleproxy', 'ConsoleProxy'], ['secondarystoragevm', 'SecondaryStorageVm']] as const) {
      const vm = vms.find((v) => v.systemvmtype === type)!;
      recordSystemVmEvent(sim.db, vm, { type: 'SYSTEM.TEST', description: `Testing ${vm.name}` });
      const e = last();
      expect(e).toMatchObject({ type: 'SYSTEM.TEST', level: 'INFO', state: 'Completed', accountid: root.id, domainpath: root.domainpath, resourceid: vm.id });
      expect(e.d).toMatchObject({ account: 'system', domain: 'ROOT', resourcetype, resourcename: vm.name });
    }
  });
});
