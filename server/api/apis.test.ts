import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { commands } from '../../src/api/commands';

describe('listApis', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
  });
  afterAll(() => t.close());

  const names = (data: Record<string, unknown>) => ((data.api ?? []) as { name: string }[]).map((a) => a.name);

  it('answers the APIs of the caller role, parsing with the app schema', async () => {
    const admin = await t.login();
    const all = await admin.call('listApis');
    expect(all.status).toBe(200);
    const parsed = commands.listApis.item.array().parse(all.data.api);
    expect(all.data.count).toBe(parsed.length);
    expect(names(all.data)).toEqual(expect.arrayContaining(['listRouters', 'upgradeRouterTemplate', 'listSystemVms', 'listVirtualMachines']));
    const stop = parsed.find((a) => a.name === 'stopRouter')!;
    expect(stop.isasync).toBe(true);
    expect(stop.params?.find((p) => p.name === 'id')).toMatchObject({ required: true });

    const engAdmin = await t.login('eng-admin', 'password', '/ROOT/Engineering/');
    const eng = names((await engAdmin.call('listApis')).data);
    expect(eng).toContain('listRouters');
    expect(eng).not.toContain('upgradeRouterTemplate');

    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const user = names((await alice.call('listApis')).data);
    expect(user).toContain('listVirtualMachines');
    expect(user).toContain('createConsoleEndpoint');
    expect(user).not.toContain('listRouters');
    expect(user).not.toContain('listSystemVms');
    // What listApis offers, the caller may call; what it leaves out answers 432.
    expect((await alice.call('listRouters')).status).toBe(432);
  });

  it('narrows to one API by name, and says it cannot find one the role may not call', async () => {
    const alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const one = await alice.call('listApis', { name: 'listVirtualMachines' });
    expect(names(one.data)).toEqual(['listVirtualMachines']);
    const hidden = await alice.call('listApis', { name: 'listRouters' });
    expect(hidden.status).toBe(530);
    expect(hidden.data.errortext).toBe('Api Discovery plugin was unable to find an api by that name or process any apis');
  });
});

describe('listApis in CloudStack\'s words', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10 });
  });
  afterAll(() => t.close());

  it('types each parameter with its CommandType (uuid, string, boolean, integer, date, map) and lists the response fields', async () => {
    const admin = await t.login();
    const apis = ((await admin.call('listApis')).data.api ?? []) as { name: string; description: string; params: { name: string; type: string; required: boolean; length: number }[]; response: { name: string; type: string }[] }[];
    const byName = new Map(apis.map((a) => [a.name, a]));
    const param = (api: string, name: string) => byName.get(api)!.params.find((p) => p.name === name);
    expect(param('listRouters', 'id')).toMatchObject({ type: 'uuid', required: false });
    expect(param('listRouters', 'listall')).toMatchObject({ type: 'boolean' });
    expect(param('listRouters', 'page')).toMatchObject({ type: 'integer' });
    expect(param('listRouters', 'keyword')).toMatchObject({ type: 'string', length: 255 });
    expect(param('listAsyncJobs', 'startdate')).toMatchObject({ type: 'date' });
    expect(param('scaleSystemVm', 'details')).toMatchObject({ type: 'map' });
    expect(param('uploadCustomCertificate', 'certificate')).toMatchObject({ type: 'string', required: true, length: 65536 });
    const router = byName.get('listRouters')!.response;
    expect(router.find((f) => f.name === 'requiresupgrade')).toMatchObject({ type: 'boolean' });
    expect(router.find((f) => f.name === 'nic')).toMatchObject({ type: 'list' });
    expect(byName.get('listApis')!.description).toMatch(/Api Discovery/);
    expect(byName.get('listManagementServers')).toBeDefined();
  });
});
