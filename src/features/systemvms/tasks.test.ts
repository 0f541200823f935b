import { expect, it } from 'vitest';
import type { Template } from '../../api/schemas';
import { ssvmTasksFrom, tasksPerSsvm } from './tasks';

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
