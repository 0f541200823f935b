import { expect, it } from 'vitest';
import { routerTemplateProblems, type TemplateRow } from './routerTemplateCheck';

const zone = { id: 'z1', name: 'Zone 1' };
const t = (over: Partial<TemplateRow>): TemplateRow => ({
  id: 't1', name: 'KVM64bitTemplate', hypervisor: 'KVM', templatetype: 'ROUTING', zoneid: 'z1', isready: true, created: '2024-01-01T00:00:00+0000', ...over,
});
const kinds = (p: ReturnType<typeof routerTemplateProblems>) => p.map((x) => x.kind);

it('accepts a Ready routing template of the hypervisor in the zone, and an empty value', () => {
  expect(routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({})], zone)).toEqual([]);
  expect(routerTemplateProblems('KVM', '  ', [], zone)).toEqual([]);
});

it('warns of a name no template has, and of a template for another hypervisor', () => {
  expect(kinds(routerTemplateProblems('KVM', 'nothing', [t({})], zone))).toEqual(['unknown']);
  const other = routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({ hypervisor: 'VMware' })], zone);
  expect(kinds(other)).toEqual(['other-hypervisor']);
  expect(other[0]!.text).toContain('for VMware, not KVM');
  // A user template of the hypervisor is not looked at (ROUTING, else SYSTEM).
  expect(kinds(routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({ templatetype: 'USER' })], zone))).toEqual(['unknown']);
});

it('warns when the template is not Ready in the zone, or not there at all', () => {
  const downloading = routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({ isready: false, status: '42% Downloaded' })], zone);
  expect(kinds(downloading)).toEqual(['not-ready']);
  expect(downloading[0]!.text).toContain('42% Downloaded');
  expect(kinds(routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({ zoneid: 'z2' })], zone))).toEqual(['not-ready']);
  // The global value is not about one zone.
  expect(routerTemplateProblems('KVM', 'KVM64bitTemplate', [t({ zoneid: 'z2' })])).toEqual([]);
});

it('warns of two templates with the same name, and checks the one CloudStack takes (registered last)', () => {
  const older = t({ id: 'old', created: '2023-01-01T00:00:00+0000' });
  const newer = t({ id: 'new', created: '2024-06-01T00:00:00+0000', isready: false, status: 'Download pending' });
  const p = routerTemplateProblems('KVM', 'KVM64bitTemplate', [older, newer], zone);
  expect(kinds(p)).toEqual(['duplicate', 'not-ready']);
  expect(p[0]!.text).toContain('created 2024-06-01');
});
