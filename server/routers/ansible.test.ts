import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';

/**
 * Real clients no one here wrote, on the router commands: Ansible's ngine_io.cloudstack modules (Debian's
 * `ansible` package ships the collection) and python3-cs. They run in processes of their own; the simulator
 * answers them from this one. `.ci/run` installs both.
 */
const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

interface Router { id: string; name: string; state: string; requiresupgrade: boolean; zoneid: string; podid: string; account: string }

async function routers(s: Session, p: Record<string, string> = {}): Promise<Router[]> {
  return expectList<Router>(await s.call('listRouters', { listall: true, pagesize: -1, ...p }), 'router').items;
}

describe('Ansible ngine_io.cloudstack against the simulator', () => {
  let t: TestServer;
  let admin: Session;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer({ routers: 40 });
    admin = await t.login();
    const keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as { apikey: string; secretkey: string };
    dir = mkdtempSync(join(tmpdir(), 'cs-ansible-'));
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_HOME: dir,
      ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_PYTHON_INTERPRETER: PYTHON,
      CLOUDSTACK_ENDPOINT: `${t.url}client/api`, CLOUDSTACK_KEY: keys.apikey, CLOUDSTACK_SECRET: keys.secretkey,
    };
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one task of a module on localhost; answers the task's result. */
  async function task(module: string, args: Record<string, string>): Promise<Record<string, unknown>> {
    const book = join(dir, `play-${Date.now()}.yml`);
    const lines = Object.entries(args).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`).join('\n');
    writeFileSync(book, `- hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n    - ${module}:\n${lines}\n`);
    const out = await run('ansible-playbook', [book], { env, timeout: 120_000 }).catch((err: Error & { stdout?: string; stderr?: string }) => {
      if (/ENOENT/.test(err.message)) throw new Error('ansible-playbook is not installed: apt-get install ansible (Debian ships ngine_io.cloudstack with it)');
      return { stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    });
    const report = JSON.parse(out.stdout) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
    return report.plays[0]!.tasks[0]!.hosts.localhost!;
  }

  it('cs_router stops, starts and restarts routers that require an upgrade', { timeout: 240_000 }, async () => {
    const [one, two] = (await routers(admin)).filter((r) => r.requiresupgrade && r.state === 'Running' && r.account !== 'admin');
    const stopped = await task('ngine_io.cloudstack.cs_router', { name: one!.name, state: 'stopped' });
    expect(stopped.failed, JSON.stringify(stopped.msg)).toBeFalsy();
    expect(stopped).toMatchObject({ changed: true, state: 'Stopped' });
    expect((await routers(admin, { id: one!.id }))[0]!.state).toBe('Stopped');
    const started = await task('ngine_io.cloudstack.cs_router', { name: one!.name, state: 'started' });
    expect(started.failed, JSON.stringify(started.msg)).toBeFalsy();
    expect(started).toMatchObject({ changed: true, state: 'Running' });
    // A restart is a reboot: like the upgrade's, it rebuilds the router from its template.
    const restarted = await task('ngine_io.cloudstack.cs_router', { name: two!.name, state: 'restarted' });
    expect(restarted.failed, JSON.stringify(restarted.msg)).toBeFalsy();
    expect(restarted).toMatchObject({ changed: true, state: 'Running', name: two!.name });
    expect((await routers(admin, { id: two!.id }))[0]).toMatchObject({ state: 'Running', requiresupgrade: false });
  });

  it('cs_configuration reads and changes router.template.kvm at zone scope', { timeout: 240_000 }, async () => {
    const zones = expectList<{ id: string; name: string }>(await admin.call('listZones'), 'zone').items;
    const zone = zones[0]!;
    // cs_configuration always takes a value: the current one reads the setting and changes nothing.
    const read = await task('ngine_io.cloudstack.cs_configuration', { name: 'router.template.kvm', zone: zone.name, value: 'SystemVM Template (KVM)' });
    expect(read.failed, JSON.stringify(read.msg)).toBeFalsy();
    expect(read).toMatchObject({ changed: false, name: 'router.template.kvm', scope: 'zone', value: 'SystemVM Template (KVM)' });
    const changed = await task('ngine_io.cloudstack.cs_configuration', { name: 'router.template.kvm', zone: zone.name, value: 'systemvm-kvm-4.20.0' });
    expect(changed.failed, JSON.stringify(changed.msg)).toBeFalsy();
    expect(changed).toMatchObject({ changed: true, value: 'systemvm-kvm-4.20.0', scope: 'zone' });
    const [row] = expectList<{ value: string }>(await admin.call('listConfigurations', { name: 'router.template.kvm', zoneid: zone.id }), 'configuration').items;
    expect(row!.value).toBe('systemvm-kvm-4.20.0');
    // Other zones keep theirs.
    const [other] = expectList<{ value: string }>(await admin.call('listConfigurations', { name: 'router.template.kvm', zoneid: zones[1]!.id }), 'configuration').items;
    expect(other!.value).toBe('SystemVM Template (KVM)');
  });
});

describe('python3-cs runs an upgrade of one pod and waits for its jobs', () => {
  it('upgradeRouterTemplate podid=..., then every job through queryAsyncJobResult', { timeout: 120_000 }, async () => {
    const t = await startTestServer({ routers: 60, upgradeParallel: 3 });
    try {
      const admin = await t.login();
      const keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as { apikey: string; secretkey: string };
      const all = await routers(admin);
      const pod = all.find((r) => r.requiresupgrade && r.state === 'Running')!.podid;
      const expected = all.filter((r) => r.podid === pod && r.requiresupgrade && r.state === 'Running').map((r) => r.id).sort();
      const script = `
import json, os, sys
from cs import CloudStack
api = CloudStack(endpoint=os.environ['CS_ENDPOINT'], key=os.environ['CS_KEY'], secret=os.environ['CS_SECRET'], poll_interval=0.05)
answer = api.upgradeRouterTemplate(podid=sys.argv[1])
results = [api._jobresult(j['jobid']) for j in answer.get('asyncjobs', [])]
print(json.dumps({'count': answer.get('count', 0), 'routers': sorted(r['router']['id'] for r in results), 'requiresupgrade': [r['router']['requiresupgrade'] for r in results]}))
`;
      const { stdout } = await run(PYTHON, ['-c', script, pod], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CS_ENDPOINT: `${t.url}client/api`, CS_KEY: keys.apikey, CS_SECRET: keys.secretkey },
        timeout: 120_000,
      });
      const out = JSON.parse(stdout) as { count: number; routers: string[]; requiresupgrade: boolean[] };
      expect(out.count).toBe(expected.length);
      expect(out.routers).toEqual(expected);
      expect(out.requiresupgrade.every((x) => x === false)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
