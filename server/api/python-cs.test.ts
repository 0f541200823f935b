import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';

/**
 * A CloudStack client nobody here wrote: Debian's python3-cs (exoscale/cs). It signs every request
 * itself, with signatureVersion=3 and `expires` by default, and pages list calls with pagesize=500.
 * Its exec runs asynchronously: the simulator answers it from this very process.
 */
const PYTHON = process.env.PYTHON3_CS_INTERPRETER ?? '/usr/bin/python3';
const run = promisify(execFile);

const CLIENT = `
import json, os, sys
from datetime import timedelta
from cs import CloudStack, CloudStackApiException

e = os.environ
args = dict(endpoint=e['CS_ENDPOINT'], key=e['CS_KEY'], secret=e['CS_SECRET'], method=e.get('CS_METHOD', 'get'), poll_interval=0.05)
if e.get('CS_UNEXPIRING') == '1':
    # A negative expiration makes cs sign the older way: no signatureVersion, no expires.
    args['expiration'] = timedelta(seconds=-1)
api = CloudStack(**args)
# What cs puts in a request besides the command's own parameters (names only: values hold the key).
kind, prepared = api._prepare_request('listRouters', listall='true')
out = {'sent': sorted(prepared.keys())}
what = sys.argv[1]
try:
    if what == 'list':
        routers = api.listRouters(listall='true', fetch_list=True)
        out['ids'] = [r['id'] for r in routers]
        out['zones'] = len(api.listZones()['zone'])
    elif what == 'reboot':
        out['result'] = api.rebootRouter(id=sys.argv[2], fetch_result=True)
    elif what == 'empty':
        out['answer'] = api.listRouters(listall='true', keyword='no-router-is-called-this')
except CloudStackApiException as err:
    out['error'] = err.error
    out['status'] = err.response.status_code
print(json.dumps(out))
`;

async function python3Cs(env: Record<string, string>, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, ['-c', CLIENT, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 60_000 })
    .catch((err: Error & { stderr?: string }) => {
      throw new Error(notInstalled(err.stderr ?? err.message) ?? `python3-cs failed: ${err.stderr ?? err.message}`);
    });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The clear message for a machine without the client, instead of a silent skip. */
function notInstalled(stderr: string): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist: install python3 and python3-cs (apt-get install python3-cs)`;
  if (/No module named '?cs'?/.test(stderr)) return 'python3-cs is not installed: apt-get install python3-cs (Debian package of the CloudStack client "cs")';
  return undefined;
}

describe('python3-cs, a real CloudStack client, against the simulator', () => {
  let t: TestServer;
  let admin: Session;
  let keys: { apikey: string; secretkey: string };
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer({ routers: 620 });
    admin = await t.login();
    keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as typeof keys;
    env = { CS_ENDPOINT: `${t.url}client/api`, CS_KEY: keys.apikey, CS_SECRET: keys.secretkey };
  });
  afterAll(() => t.close());

  it('is installed (CI installs the Debian package python3-cs)', async () => {
    const probe = await run(PYTHON, ['-c', 'import cs, sys; sys.stdout.write(cs.__file__)']).catch((err: Error & { stderr?: string }) => {
      throw new Error(notInstalled(err.stderr ?? '') ?? `python3-cs is not usable: ${err.message}`);
    });
    expect(probe.stdout).toMatch(/cs/);
  });

  it('lists every router with listRouters listall=true, signed with signatureVersion=3 and expires, over two pages', async () => {
    const out = await python3Cs(env, 'list');
    expect(out.error, JSON.stringify(out.error)).toBeUndefined();
    expect(out.sent).toEqual(expect.arrayContaining(['apiKey', 'command', 'response', 'signatureVersion', 'expires']));
    const api = expectList<{ id: string }>(await admin.call('listRouters', { listall: true, pagesize: 1 }), 'router');
    expect(api.count).toBe(620);
    const ids = out.ids as string[];
    expect(ids).toHaveLength(api.count);
    expect(new Set(ids).size).toBe(api.count);
    expect(out.zones).toBe(3);
  });

  it('works with the older signature too (no signatureVersion, no expires), and with POST', async () => {
    const old = await python3Cs({ ...env, CS_UNEXPIRING: '1' }, 'list');
    expect(old.error, JSON.stringify(old.error)).toBeUndefined();
    expect(old.sent).not.toContain('signatureVersion');
    expect(old.sent).not.toContain('expires');
    expect(old.ids as string[]).toHaveLength(620);
    const post = await python3Cs({ ...env, CS_METHOD: 'post' }, 'list');
    expect(post.error, JSON.stringify(post.error)).toBeUndefined();
    expect(post.ids as string[]).toHaveLength(620);
  });

  it('understands the empty list answer', async () => {
    const out = await python3Cs(env, 'empty');
    expect(out.answer).toEqual({});
  });

  it('runs an async command to its end through queryAsyncJobResult', async () => {
    const r = expectList<{ id: string; requiresupgrade: boolean; state: string }>(
      await admin.call('listRouters', { listall: true, state: 'Running', pagesize: 100 }), 'router').items.find((x) => !x.requiresupgrade)!;
    const out = await python3Cs(env, 'reboot', r.id);
    expect(out.error, JSON.stringify(out.error)).toBeUndefined();
    expect(out.result).toMatchObject({ router: { id: r.id, state: 'Running' } });
  });

  it('gets the 401 and CloudStack’s error body for a wrong secret, and the error for a refused operation', async () => {
    const bad = await python3Cs({ ...env, CS_SECRET: `${keys.secretkey}x` }, 'list');
    expect(bad.status).toBe(401);
    expect(bad.error).toMatchObject({ errorcode: 401, errortext: expect.any(String) });
    // A reboot of a stopped router fails inside its job (VirtualNetworkApplianceManagerImpl.rebootRouter);
    // cs raises the job's error.
    const running = expectList<{ id: string; requiresupgrade: boolean; state: string }>(
      await admin.call('listRouters', { listall: true, state: 'Running', pagesize: 100 }), 'router').items.find((x) => x.requiresupgrade)!;
    await t.waitForJob(admin, String((await admin.call('stopRouter', { id: running.id })).data.jobid));
    const refused = await python3Cs(env, 'reboot', running.id);
    expect(refused.status).toBe(200);
    expect(refused.error).toMatchObject({ errorcode: 530, errortext: expect.stringMatching(/Unable to reboot domR, it is not in right state Stopped$/) });
  });

  it('the cs command line (python3 -m cs) lists the routers from CLOUDSTACK_* variables', async () => {
    const { stdout } = await run(PYTHON, ['-m', 'cs', 'listRouters', 'listall=true', 'pagesize=500', 'page=2'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CLOUDSTACK_ENDPOINT: env.CS_ENDPOINT!, CLOUDSTACK_KEY: keys.apikey, CLOUDSTACK_SECRET: keys.secretkey },
      timeout: 60_000,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(notInstalled(err.stderr ?? '') ?? `python3 -m cs failed: ${err.stderr ?? err.message}`);
    });
    const answer = JSON.parse(stdout) as { count: number; router: unknown[] };
    expect(answer.count).toBe(620);
    expect(answer.router).toHaveLength(120);
  });
});
