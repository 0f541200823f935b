import { describe, expect, it } from 'vitest';
import { checkValue, editorKind, matchesSearch, needsRestart, routerTemplateHypervisor, searchFromParams, unknownTemplateWarning } from './settingValue';

describe('settings values', () => {
  it('chooses the editor from the type', () => {
    expect(editorKind('Boolean')).toBe('boolean');
    expect(editorKind('Long')).toBe('integer');
    expect(editorKind('Float')).toBe('decimal');
    expect(editorKind('String')).toBe('text');
    expect(editorKind(undefined)).toBe('text');
  });

  it('checks a value for its type', () => {
    expect(checkValue('Boolean', 'yes')).toBe('must be true or false');
    expect(checkValue('Boolean', 'false')).toBeUndefined();
    expect(checkValue('Integer', '12')).toBeUndefined();
    expect(checkValue('Integer', '1.5')).toBe('must be a whole number');
    expect(checkValue('Integer', '99999999999')).toBe('is out of range for an integer');
    expect(checkValue('Long', '99999999999')).toBeUndefined();
    expect(checkValue('Float', '0.5')).toBeUndefined();
    expect(checkValue('Float', 'x')).toBe('must be a number');
    expect(checkValue('String', 'anything')).toBeUndefined();
  });

  it('knows the router template settings and warns about unknown names', () => {
    expect(routerTemplateHypervisor('router.template.kvm')).toBe('KVM');
    expect(routerTemplateHypervisor('router.template.xenserver')).toBe('XenServer');
    expect(routerTemplateHypervisor('router.version.check')).toBeUndefined();
    expect(unknownTemplateWarning('router.template.kvm', 'KVM64bitTemplate', ['KVM64bitTemplate'])).toBeUndefined();
    expect(unknownTemplateWarning('router.template.kvm', 'Typo', ['KVM64bitTemplate'])).toMatch(/No routing or system template registered for KVM is named "Typo"/);
  });

  it('searches name and description, and opens the zone page on router.template', () => {
    expect(matchesSearch({ name: 'router.template.kvm', description: 'Name of the default router template on KVM.' }, 'router.template kvm')).toBe(true);
    expect(matchesSearch({ name: 'router.stats.interval', description: 'x' }, 'router.template')).toBe(false);
    expect(searchFromParams(new URLSearchParams(''), 'zone')).toBe('router.template');
    expect(searchFromParams(new URLSearchParams('q='), 'zone')).toBe('');
    expect(searchFromParams(new URLSearchParams(''), 'global')).toBe('');
  });

  it('reads the restart notice from isdynamic alone (CloudStack has no pending-restart field)', () => {
    expect(needsRestart({ isdynamic: false })).toBe(true);
    expect(needsRestart({ isdynamic: true })).toBe(false);
    expect(needsRestart({})).toBe(false);
  });

  it('edits the 4.18+ type names: Number as a whole number, Decimal as a number', () => {
    expect(editorKind('Number')).toBe('integer');
    expect(editorKind('Decimal')).toBe('decimal');
    expect(checkValue('Number', '1.5')).toBe('must be a whole number');
    expect(checkValue('Decimal', '1.5')).toBeUndefined();
  });
});
