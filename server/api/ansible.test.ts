import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { expectList } from '../testing/expect';
import { generatedImage, startFileServer, type FileServer } from '../testing/fileserver';

/**
 * Ansible's CloudStack modules (Debian's ansible ships ngine_io.cloudstack, which talks through python3-cs),
 * clients nobody here wrote: cs_configuration (listConfigurations, updateConfiguration), cs_instance_info
 * (listVirtualMachines, listVolumes) and cs_template (listZones, listHypervisors, listOsTypes, listTemplates,
 * registerTemplate). The playbook writes what each task registered to a file the test reads.
 */
const PLAYBOOK = '/usr/bin/ansible-playbook';
const run = promisify(execFile);

function playbook(templateUrl: string, out: string): string {
  return `
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - name: read a setting
      ngine_io.cloudstack.cs_configuration:
        name: router.stats.interval
        value: "600"
      register: cfg
    - name: read the instances of an account
      ngine_io.cloudstack.cs_instance_info:
        account: alice
        domain: ROOT/Engineering
      register: info
    - name: register a template
      ngine_io.cloudstack.cs_template:
        name: ansible-template
        display_text: Registered by Ansible
        url: "${templateUrl}"
        format: QCOW2
        hypervisor: KVM
        os_type: Ubuntu 24.04 LTS
        zone: zone-east
      register: tpl
    - name: write the results
      ansible.builtin.copy:
        content: "{{ {'cfg': cfg, 'info': info, 'tpl': tpl} | to_json }}"
        dest: "${out}"
`;
}

describe('Ansible ngine_io.cloudstack modules against the simulator', () => {
  let t: TestServer;
  let admin: Session;
  let files: FileServer;
  let dir: string;
  let results: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    if (!existsSync(PLAYBOOK)) throw new Error(`${PLAYBOOK} does not exist: apt-get install ansible (it ships ngine_io.cloudstack)`);
    t = await startTestServer({ routers: 20 });
    files = await startFileServer();
    admin = await t.login();
    const keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as { apikey: string; secretkey: string };
    dir = mkdtempSync(join(tmpdir(), 'cs-ansible-'));
    const out = join(dir, 'results.json');
    const book = join(dir, 'playbook.yml');
    writeFileSync(book, playbook(files.add('/ansible.qcow2', { body: generatedImage(4096, 7) }), out));
    writeFileSync(join(dir, 'inventory'), 'localhost ansible_connection=local\n');
    try {
      await run(PLAYBOOK, ['-i', join(dir, 'inventory'), book], {
        timeout: 180_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'), ANSIBLE_NOCOLOR: '1',
          ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False',
          CLOUDSTACK_ENDPOINT: `${t.url}client/api`, CLOUDSTACK_KEY: keys.apikey, CLOUDSTACK_SECRET: keys.secretkey,
        },
      });
    } catch (err) {
      const e = err as Error & { stdout?: string; stderr?: string };
      throw new Error(`ansible-playbook failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
    }
    results = JSON.parse(readFileSync(out, 'utf8')) as typeof results;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await files?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('cs_configuration changes a setting and reports it as CloudStack answered', async () => {
    expect(results.cfg).toMatchObject({ changed: true, name: 'router.stats.interval', value: '600' });
    const now = expectList<{ name: string; value: string }>(await admin.call('listConfigurations', { name: 'router.stats.interval' }), 'configuration').items[0]!;
    expect(now.value).toBe('600');
  });

  it('cs_instance_info lists the instances of an account with their volumes', async () => {
    const instances = results.info!.instances as { id: string; name: string; volumes: { type: string; size: number }[] }[];
    const domains = expectList<{ id: string; path: string }>(await admin.call('listDomains', { listall: true }), 'domain').items;
    const hers = expectList<{ id: string }>(await admin.call('listVirtualMachines', { account: 'alice', domainid: domains.find((d) => d.path === 'ROOT/Engineering')!.id }), 'virtualmachine').items;
    expect(hers.length).toBeGreaterThan(0);
    expect(instances.map((i) => i.id).sort()).toEqual(hers.map((v) => v.id).sort());
    expect(instances.every((i) => i.volumes.some((v) => v.type === 'ROOT' && v.size > 0))).toBe(true);
  });

  it('cs_template registers a template in the zone and finds it again', async () => {
    expect(results.tpl).toMatchObject({ changed: true, name: 'ansible-template', zone: 'zone-east', hypervisor: 'KVM', format: 'QCOW2' });
    const listed = expectList<{ name: string; zonename: string; ostypename?: string }>(
      await admin.call('listTemplates', { templatefilter: 'self', name: 'ansible-template' }), 'template').items;
    expect(listed.map((x) => x.zonename)).toEqual(['zone-east']);
  });
});
