import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { commands } from '../../src/api/commands';

/**
 * Random commands and parameters, for a bounded number of runs: every answer is a well-formed CloudStack
 * response or error envelope, never a crash, an empty reply or an internal error.
 */
const commandNames = Object.keys(commands);
const paramNames = ['id', 'zoneid', 'podid', 'clusterid', 'hostid', 'account', 'domainid', 'page', 'pagesize', 'keyword',
  'listall', 'name', 'state', 'forced', 'cleanup', 'jobid', 'templatefilter', 'value', 'zoneids', 'virtualmachineid',
  'routerid', 'networkid', 'isrecursive', 'startdate', 'type', 'systemvmtype', 'url', 'hypervisor', 'format', 'ids', 'level'];
const KNOWN_CODES = [200, 401, 431, 432, 436, 437, 530, 531, 533, 534, 536];

const valueArb = fc.oneof(
  fc.constantFrom('true', 'false', '-1', '0', '1', '500', '501', '99999999999999999999', '', ' ', 'null', '[]', '{}'),
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '%00', '../../etc/passwd', '\u0000\u0001', '%', '_'),
);

function checkEnvelope(command: string, status: number, body: unknown): void {
  expect(KNOWN_CODES, `status ${status} for ${command}`).toContain(status);
  expect(body).toBeTypeOf('object');
  const keys = Object.keys(body as object);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/response$/);
  const inner = (body as Record<string, Record<string, unknown>>)[keys[0]!]!;
  if (status !== 200) {
    expect(inner.errorcode).toBe(status);
    expect(typeof inner.errortext).toBe('string');
    expect((inner.errortext as string).length).toBeGreaterThan(0);
    expect(inner.errortext).not.toMatch(/\n\s+at /); // no stack trace
  }
}

describe('API fuzzing', () => {
  let t: TestServer;
  let admin: Session;
  let user: Session;
  let internalErrors: string[] = [];
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login();
    user = await t.login('alice', 'password', '/ROOT/Engineering/');
    internalErrors = [];
  });
  afterAll(() => t.close());

  it('answers random commands with well-formed envelopes', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commandNames, 'noSuchCommand', 'LISTROUTERS', ''),
        fc.dictionary(fc.constantFrom(...paramNames), valueArb, { maxKeys: 5 }),
        fc.constantFrom<'admin' | 'user' | 'none'>('admin', 'user', 'none'),
        async (command, params, who) => {
          // Never log ourselves out in the middle of the run.
          if (command === 'logout' || command === 'login') return;
          const reply = who === 'none' ? await t.anonymous(command, params) : await (who === 'admin' ? admin : user).call(command, params);
          checkEnvelope(command, reply.status, reply.body);
          if (reply.status === 530 && /Internal error executing command/.test(String(reply.data.errortext))) {
            internalErrors.push(`${command} ${JSON.stringify(params)}`);
          }
        },
      ),
      { numRuns: 1500, seed: 20261126 },
    );
    expect(internalErrors, 'internal errors (bugs) found').toEqual([]);
  });

  it('answers junk requests with an error envelope', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('GET', 'POST'), async (bytes, method) => {
        const url = `${t.url}client/api${method === 'GET' ? `?${Buffer.from(bytes).toString('latin1').replace(/#/g, '')}` : ''}`;
        let res: Response;
        try {
          res = await fetch(url, { method, body: method === 'POST' ? bytes : undefined,
            headers: method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {} });
        } catch (err) {
          // fetch itself refuses some URLs (invalid characters): nothing reached the server.
          if (err instanceof TypeError) return;
          throw err;
        }
        const text = await res.text();
        expect(text.length).toBeGreaterThan(0);
        // Without response=json CloudStack answers XML: the errorcode is then an element.
        if ((res.headers.get('content-type') ?? '').includes('xml')) {
          expect(text).toMatch(/^<\?xml /);
          if (res.status !== 200) expect(text).toContain(`<errorcode>${res.status}</errorcode>`);
          return;
        }
        const body = JSON.parse(text) as Record<string, Record<string, unknown>>;
        const inner = Object.values(body)[0]!;
        expect(inner.errorcode ?? 200).toBe(res.status);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
