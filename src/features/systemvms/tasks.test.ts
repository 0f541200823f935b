import { expect, it } from 'vitest';
import type { AsyncJob, Template } from '../../api/schemas';
import { snapshotTasksFrom, ssvmTasksFrom, tasksPerSsvm } from './tasks';

const t = (id: string, zonename: string, state: string, percent: number, ssvm?: string) =>
  ({ id, name: `tpl-${id}`, zoneid: zonename, zonename, status: `${percent}% Downloaded`,
    downloaddetails: [{ downloadPercent: String(percent), downloadState: state, ...(ssvm ? { secondarystoragevm: ssvm } : {}) }] }) as unknown as Template;

it('reads the SSVM tasks from listTemplates, unfinished first', () => {
  const tasks = ssvmTasksFrom([
    t('a', 'zone-b', 'DOWNLOADED', 100, 's-2-VM'),
    t('b', 'zone-a', 'NOT_DOWNLOADED', 0, 's-2-VM'),
    t('c', 'zone-a', 'DOWNLOAD_IN_PROGRESS', 42, 's-4-VM'),
    t('d', 'zone-a', 'DOWNLOAD_ERROR', 13),
    { id: 'e', name: 'seeded' } as Template,
  ]);
  expect(tasks.map((x) => [x.templateid, x.state, x.percent])).toEqual([['c', 'In progress', 42], ['b', 'Queued', 0], ['d', 'Failed', 13]]);
  expect(ssvmTasksFrom([t('a', 'z', 'DOWNLOADED', 100)], { includeFinished: true })).toHaveLength(1);
  expect([...tasksPerSsvm(tasks)]).toEqual([['s-4-VM', 1], ['s-2-VM', 1]]);
});

it('reads snapshot backups in progress from the pending CreateSnapshotCmd jobs', () => {
  const job = (jobid: string, cmd: string, jobstatus: number, vm: string, pct: number) =>
    ({ jobid, cmd: `org.apache.cloudstack.api.command.user.${cmd}`, jobstatus, jobinstanceid: vm, jobprocstatus: pct }) as AsyncJob;
  const vms = new Map([['vm1', { name: 'alice-vm-11', zoneid: 'z1', zonename: 'zone-east' }]]);
  const tasks = snapshotTasksFrom([
    job('j1', 'snapshot.CreateSnapshotCmd', 0, 'vm1', 42),
    job('j2', 'snapshot.CreateSnapshotCmd', 1, 'vm1', 100),
    job('j3', 'vm.StopVMCmd', 0, 'vm1', 1),
    job('j4', 'snapshot.CreateSnapshotCmd', 0, 'vm-unknown', 140),
  ], vms);
  expect(tasks.map((t) => [t.kind, t.templatename, t.zonename, t.percent, t.state])).toEqual([
    ['Snapshot backup', 'vm-unknown', '', 100, 'In progress'],
    ['Snapshot backup', 'alice-vm-11', 'zone-east', 42, 'In progress'],
  ]);
});
