import { describe, expect, it } from 'vitest';
import routers419 from './fixtures/listRouters.4.19.json';
import misc415 from './fixtures/misc.4.15.json';
import { parseResponse } from './parse';
import { CloudStackError } from './errors';

/**
 * Responses in the shape real CloudStack servers answer (field names and types as the reference lists
 * them, values of our own): the schemas accept them, pass unknown fields through, and reject a response
 * that lacks a required field with a clear error.
 */
describe('schemas against real CloudStack responses', () => {
  it('reads a 4.19 listRouters answer, unknown fields included', () => {
    const r = parseResponse('listRouters', routers419);
    expect(r.count).toBe(2);
    expect(r.items[0]!.redundantstate).toBe('PRIMARY');
    expect(r.items[0]!.healthcheckresults?.[0]?.checkname).toBe('dns_check.py');
    expect((r.items[0] as Record<string, unknown>).linklocalmacaddress).toBe('0e:00:a9:fe:01:4b');
    expect(r.items[1]!.vpcname).toBe('acme-vpc');
  });

  it('reads 4.15 answers of login, capabilities, system VMs, settings, jobs and zones', () => {
    expect(parseResponse('login', misc415.login).sessionkey).toBeTruthy();
    expect(parseResponse('listCapabilities', misc415.listCapabilities).cloudstackversion).toBe('4.15.2.0');
    expect(parseResponse('listSystemVms', misc415.listSystemVms).items[0]!.activeviewersessions).toBe(3);
    expect(parseResponse('listConfigurations', misc415.listConfigurations).items[0]!.isdynamic).toBe(false);
    const job = parseResponse('queryAsyncJobResult', misc415.queryAsyncJobResult);
    expect(job.jobstatus).toBe(2);
    expect(job.jobresult?.errortext).toBe('Unable to stop r-2231-VM');
    expect(parseResponse('listZones', misc415.listZones).items[0]!.name).toBe('ams-1');
    expect(parseResponse('createConsoleEndpoint', misc415.createConsoleEndpoint).websocket?.port).toBe('8443');
  });

  it('reads an empty list answer, which has neither count nor list key', () => {
    expect(parseResponse('listRouters', misc415.emptyList)).toEqual({ count: 0, items: [] });
  });

  it('accepts a router without optional fields', () => {
    const minimal = { listroutersresponse: { count: 1, router: [{ id: 'x1', name: 'r-1-VM', state: 'Running', zoneid: 'z1' }] } };
    expect(parseResponse('listRouters', minimal).items[0]!.name).toBe('r-1-VM');
  });

  it('rejects a router without a required field, naming it', () => {
    const broken = { listroutersresponse: { count: 1, router: [{ id: 'x1', name: 'r-1-VM', zoneid: 'z1' }] } };
    try {
      parseResponse('listRouters', broken);
      expect.unreachable('a router without state must be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(CloudStackError);
      expect((err as CloudStackError).errortext).toMatch(/0\.state/);
    }
  });

  it('keeps the readable items of a page and names the one it cannot read', () => {
    const body = { listroutersresponse: { count: 2, router: [{ id: 'x1', name: 'r-1-VM', zoneid: 'z1' }, { id: 'x2', name: 'r-2-VM', state: 'Running', zoneid: 'z1' }] } };
    const page = parseResponse('listRouters', body);
    expect(page.items.map((r) => r.name)).toEqual(['r-2-VM']);
    expect(page.count).toBe(2);
    expect(page.skipped).toEqual([expect.stringMatching(/^0: state/)]);
  });

  it('reads an error under errorresponse (a 432) with the server\'s text', () => {
    const body = { errorresponse: { uuidList: [], errorcode: 432, cserrorcode: 9999, errortext: 'Unknown API command: listNothing' } };
    try {
      parseResponse('listRouters', body);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CloudStackError);
      expect((err as CloudStackError).errorcode).toBe(432);
      expect((err as CloudStackError).errortext).toBe('Unknown API command: listNothing');
    }
  });

  it('turns an error envelope into a CloudStackError with code and text', () => {
    const body = { listroutersresponse: { uuidList: [], errorcode: 531, cserrorcode: 4365, errortext: 'Not allowed' } };
    expect(() => parseResponse('listRouters', body)).toThrow(CloudStackError);
    try {
      parseResponse('listRouters', body);
    } catch (err) {
      expect((err as CloudStackError).errorcode).toBe(531);
    }
  });
});
