import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../src/api/requests';
import { startTestServer, type TestServer } from '../testing/harness';

describe('the simulator takes every handler’s parameters from the contract', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 2 });
  });
  afterAll(() => t.close());

  it('runs each command with requests[name], the very schema the app is typed by', () => {
    const defs = t.server.running.commands.all();
    expect(defs.map((d) => d.name).sort()).toEqual(Object.keys(requests).sort());
    for (const def of defs) expect(def.params, def.name).toBe(requests[def.name]);
  });

  it('listApis describes the parameters from the same declarations', async () => {
    const admin = await t.login();
    const r = await admin.call('listApis', { name: 'getRouterHealthCheckResults' });
    const api = (r.data.api as { params: { name: string; type: string; required: boolean }[] }[])[0]!;
    expect(api.params.map((p) => p.name).sort()).toEqual(Object.keys(requests.getRouterHealthCheckResults.shape).sort());
    expect(api.params.find((p) => p.name === 'routerid')).toMatchObject({ type: 'uuid', required: true });
    expect(api.params.find((p) => p.name === 'performfreshchecks')).toMatchObject({ type: 'boolean', required: false });
  });
});
