import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectError, expectList, NO_SUCH_ID } from '../testing/expect';
import { unpackParams, MalformedParameter } from './params';

/**
 * The wire as a real management server speaks it, each point with the value CloudStack's source gives
 * (ApiServer, ApiServlet, ParamUnpackWorker, ParamProcessWorker, ApiResponseSerializer).
 */
describe('the wire', () => {
  let t: TestServer;
  let admin: Session;
  let alice: Session;
  let api: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 12 });
    admin = await t.login();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    api = `${t.url}client/api`;
  });
  afterAll(() => t.close());

  /** A raw call with the admin's session: form body as given (names as sent), JSON or not. */
  async function raw(params: Record<string, string>, session = admin): Promise<Response> {
    return fetch(api, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie },
      body: new URLSearchParams({ sessionkey: session.sessionkey, ...params }).toString(),
    });
  }

  describe('errors as ApiServer writes them', () => {
    it('an unknown command: 432 under errorresponse ("Unknown API command" for the root admin, the role checker for others)', async () => {
      const r = await admin.call('listNothing');
      expectError(r, 432, 'Unknown API command: listNothing');
      expect(Object.keys(r.body)).toEqual(['errorresponse']);
      expect(r.data.cserrorcode).toBe(9999);
      expect(r.headers.get('x-description')).toBe('Unknown API command: listNothing');
      const u = await alice.call('listNothing');
      expectError(u, 432, /^The API \[listNothing\] does not exist or is not available for the account/);
      expect(Object.keys(u.body)).toEqual(['errorresponse']);
    });

    it('a command the role may not call: 432 under errorresponse', async () => {
      const r = await alice.call('listHosts');
      expectError(r, 432, /^The API \[listHosts\] does not exist or is not available for the account/);
      expect(Object.keys(r.body)).toEqual(['errorresponse']);
    });

    it('an id that names nothing, or is not a UUID: 431 "entity does not exist" for every command, lists included; cserrorcode 9999', async () => {
      const text = (cmd: string, name: string, v: string) =>
        `Unable to execute API command ${cmd} due to invalid value. Invalid parameter ${name} value=${v} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`;
      for (const [cmd, name] of [['listRouters', 'id'], ['listSystemVms', 'zoneid'], ['stopRouter', 'id'], ['listVolumes', 'virtualmachineid']] as const) {
        const r = await admin.call(cmd, { [name]: NO_SUCH_ID });
        expectError(r, 431, text(cmd.toLowerCase(), name, NO_SUCH_ID));
        expect(r.data.cserrorcode).toBe(9999);
        expect(Object.keys(r.body)).toEqual([`${cmd.toLowerCase()}response`]);
      }
      expectError(await admin.call('listRouters', { id: 'r-1-VM' }), 431, text('listrouters', 'id', 'r-1-VM'));
    });

    it('an id of the wrong kind is refused as an unknown one: each UUID parameter is looked up among its entityType only', async () => {
      const text = (cmd: string, name: string, v: string) =>
        `Unable to execute API command ${cmd} due to invalid value. Invalid parameter ${name} value=${v} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`;
      const zone = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!;
      const router = expectList<{ id: string; networkid?: string; guestnetworkid?: string }>(await admin.call('listRouters', { listall: true }), 'router').items[0]!;
      const ssvm = expectList<{ id: string }>(await admin.call('listSystemVms'), 'systemvm').items[0]!;
      // A zone is not a router (StopRouterCmd id: DomainRouterResponse), nor a router a zone (ListSystemVMsCmd zoneid: ZoneResponse).
      expectError(await admin.call('stopRouter', { id: zone.id }), 431, text('stoprouter', 'id', zone.id));
      expectError(await admin.call('listSystemVms', { zoneid: router.id }), 431, text('listsystemvms', 'zoneid', router.id));
      expectError(await admin.call('listEvents', { startid: zone.id }), 431, text('listevents', 'startid', zone.id));
      // DomainRouterResponse, SystemVmResponse and UserVmResponse all refer to VirtualMachine: a system VM's
      // id is a valid router id as far as the parameter goes (the command then finds no router by it).
      const asRouter = await admin.call('listRouters', { id: ssvm.id });
      expect(asRouter.status, JSON.stringify(asRouter.body)).toBe(200);
      expect(expectList(asRouter, 'router').items).toEqual([]);
      // The right kind passes.
      expect((await admin.call('listSystemVms', { zoneid: zone.id })).status).toBe(200);
    });

    it('a missing parameter: "due to missing parameter <name>"; an integer that is not one: "due to invalid value <v> for parameter <name>"', async () => {
      expectError(await admin.call('stopRouter'), 431, 'Unable to execute API command stoprouter due to missing parameter id');
      expectError(await admin.call('listRouters', { page: 'two', pagesize: 10 }), 431, 'Unable to execute API command listrouters due to invalid value two for parameter page');
    });

    it('the servlet\'s 401 carries no cserrorcode and no X-Description; a failed login is 531', async () => {
      const r = await t.anonymous('listZones');
      expectError(r, 401, 'unable to verify user credentials and/or request signature');
      expect(r.data).not.toHaveProperty('cserrorcode');
      expect(r.headers.get('x-description')).toBeNull();
      const login = await t.anonymous('login', { username: 'admin', password: 'nope', domain: '/' });
      expect(login.status).toBe(531);
      expect(login.data.errorcode).toBe(531);
    });

    it('a permission refusal from the service layer is 531 with cserrorcode 4365 (PermissionDeniedException)', async () => {
      const vm = expectList<{ id: string }>(await admin.call('listVirtualMachines', { listall: true, account: 'bob', domainid: await domainId('ROOT/Sales') }), 'virtualmachine').items[0]!;
      const r = await alice.call('createConsoleEndpoint', { virtualmachineid: vm.id });
      expectError(r, 531);
      expect(r.data.cserrorcode).toBe(4365);
    });
  });

  async function domainId(path: string): Promise<string> {
    return expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items.find((d) => d.path === path)!.id;
  }

  describe('parameters as ParamUnpackWorker and ParamProcessWorker read them', () => {
    it('names without regard to case: jobId is jobid, zoneId is zoneid', async () => {
      const router = expectList<{ id: string; zoneid: string }>(await admin.call('listRouters', { listall: true, state: 'Running' }), 'router').items[0]!;
      const stop = await admin.call('rebootRouter', { ID: router.id });
      expect(stop.status, JSON.stringify(stop.body)).toBe(200);
      const byJobId = await (await raw({ command: 'queryAsyncJobResult', response: 'json', jobId: String(stop.data.jobid) })).json() as Record<string, Record<string, unknown>>;
      expect(byJobId.queryasyncjobresultresponse!.jobid).toBe(stop.data.jobid);
      await t.waitForJob(admin, String(stop.data.jobid));
      const zone = await (await raw({ command: 'listRouters', response: 'json', listAll: 'true', zoneId: router.zoneid })).json() as Record<string, { router: { zoneid: string }[] }>;
      expect(zone.listroutersresponse!.router.every((r) => r.zoneid === router.zoneid)).toBe(true);
    });

    it('enumerated values as the source matches them: listHosts type=routing finds the Routing hosts, state any case', async () => {
      const exact = expectList(await admin.call('listHosts', { type: 'Routing' }), 'host');
      const lower = expectList(await admin.call('listHosts', { type: 'routing', state: 'up' }), 'host');
      expect(exact.count).toBeGreaterThan(0);
      expect(lower.count).toBe(exact.count);
    });

    it('booleans are Boolean.valueOf: "TRUE" is true, anything else false, never an error', async () => {
      const all = expectList(await admin.call('listRouters', { listall: 'TRUE' }), 'router');
      const own = expectList(await admin.call('listRouters', { listall: 'yes' }), 'router');
      expect(all.count).toBeGreaterThan(own.count);
    });

    it('projectid=-1 is accepted (all projects), as the official UI sends it', async () => {
      const r = expectList(await admin.call('listRouters', { listall: true, projectid: -1 }), 'router');
      expect(r.count).toBe(expectList(await admin.call('listRouters', { listall: true }), 'router').count);
    });

    it('a DATE keeps the day only: startdate with a time lists the jobs of that whole day', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const day = expectList(await admin.call('listAsyncJobs', { listall: true, startdate: today }), 'asyncjobs');
      const late = expectList(await admin.call('listAsyncJobs', { listall: true, startdate: `${today} 23:59:59` }), 'asyncjobs');
      expect(day.count).toBeGreaterThan(0);
      expect(late.count).toBe(day.count);
      expectError(await admin.call('listAsyncJobs', { startdate: '2026-02-30' }), 431, /Unable to parse date 2026-02-30 for command listasyncjobs/);
    });

    it('map parameters (details[0].key=value) are read; an undecodable name is 430', async () => {
      expect(unpackParams({ 'details[1].cpuSpeed': '2000', 'details[0].cpuNumber': '2', Command: 'x' })).toEqual({
        params: { command: 'x' }, maps: { details: [{ cpuNumber: '2' }, { cpuSpeed: '2000' }] },
      });
      expect(() => unpackParams({ 'details[0][1].a': 'x' })).toThrow(MalformedParameter);
      const r = await admin.call('listZones', { 'details[x].a': '1' });
      expectError(r, 430, /Unable to decode parameter details\[x\]\.a/);
    });

    it('unknown parameters are ignored', async () => {
      expect((await admin.call('listZones', { nosuchparameter: 'x' })).status).toBe(200);
    });
  });

  describe('XML without response=json', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
    it('answers a list in XML: the envelope element with cloud-stack-version, count, one element per item', async () => {
      const res = await raw({ command: 'listZones' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      const text = await res.text();
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version="4.20')).toBe(true);
      const doc = xml.parse(text) as { listzonesresponse: { count: number; zone: { id: string; name: string }[] } };
      expect(doc.listzonesresponse.count).toBe(3);
      expect(doc.listzonesresponse.zone.map((z) => z.name).sort()).toEqual(['zone-central', 'zone-east', 'zone-west']);
    });

    it('answers an error in XML with the HTTP status of its code', async () => {
      const res = await raw({ command: 'stopRouter', response: 'xml' });
      expect(res.status).toBe(431);
      const doc = xml.parse(await res.text()) as { stoprouterresponse: { errorcode: number; cserrorcode: number; errortext: string } };
      expect(doc.stoprouterresponse).toMatchObject({ errorcode: 431, cserrorcode: 9999, errortext: 'Unable to execute API command stoprouter due to missing parameter id' });
    });

    it('escapes text: markup in a value stays text', async () => {
      const res = await raw({ command: 'stopRouter', id: '<b>x</b>' });
      const body = await res.text();
      expect(body).not.toContain('<b>');
      const doc = xml.parse(body) as { stoprouterresponse: { errortext: string } };
      expect(doc.stoprouterresponse.errortext).toContain('value=<b>x</b> due to');
    });
  });

  describe('what a UI calls at start', () => {
    it('logout without a session answers success', async () => {
      const r = await t.anonymous('logout');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ logoutresponse: { description: 'success' } });
    });

    it('readyForShutdown answers readyforshutdown (not triggered, not ready, the pending jobs)', async () => {
      const r = await admin.call('readyForShutdown');
      expect(r.status).toBe(200);
      expect(r.data.readyforshutdown).toMatchObject({ readyforshutdown: false, shutdowntriggered: false });
      expect(typeof (r.data.readyforshutdown as { pendingjobscount: number }).pendingjobscount).toBe('number');
    });

    it('listLdapConfigurations answers under ldapconfigurationresponse (LdapListConfigurationCmd), empty', async () => {
      const res = await raw({ command: 'listLdapConfigurations', response: 'json' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ldapconfigurationresponse: {} });
    });

    it('listManagementServers answers the server with its version and lastserverstart', async () => {
      const m = expectList<{ id: string; name: string; state: string; version: string; lastserverstart: string }>(
        await admin.call('listManagementServers'), 'managementserver');
      expect(m.count).toBe(1);
      expect(m.items[0]).toMatchObject({ state: 'Up', version: '4.20.0.0' });
      expect(m.items[0]!.lastserverstart).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
      expectError(await alice.call('listManagementServers'), 432);
    });
  });
});
