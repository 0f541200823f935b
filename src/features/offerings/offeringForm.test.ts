import { expect, it } from 'vitest';
import { cpuText, EMPTY_FORM, memoryText, readTypeParam, toCreateParams, validateSystemOffering } from './offeringForm';

it('checks the form and names each problem', () => {
  expect(validateSystemOffering(EMPTY_FORM)).toEqual({ name: 'Give the offering a name' });
  const bad = validateSystemOffering({ ...EMPTY_FORM, name: 'x', cpunumber: '0', cpuspeed: 'fast', memory: '16', networkrate: '-1' });
  expect(bad).toEqual({
    cpunumber: 'CPU cores must be between 1 and 512', cpuspeed: 'CPU speed (MHz) must be a whole number',
    memory: 'Memory (MB) must be between 32 and 16777216', networkrate: 'Network rate (Mb/s) must be a whole number',
  });
  expect(validateSystemOffering({ ...EMPTY_FORM, name: 'ok' })).toEqual({});
});

it('builds the createServiceOffering parameters', () => {
  expect(toCreateParams({ ...EMPTY_FORM, name: ' Big ', systemvmtype: 'consoleproxy', cpunumber: '2', cpuspeed: '1000', memory: '2048',
    networkrate: '500', offerha: true, storagetype: 'local' })).toEqual({
    name: 'Big', displaytext: 'Big', issystem: true, systemvmtype: 'consoleproxy', cpunumber: '2', cpuspeed: '1000', memory: '2048',
    networkrate: '500', offerha: true, storagetype: 'local',
  });
  expect(toCreateParams({ ...EMPTY_FORM, name: 'a' })).not.toHaveProperty('networkrate');
});

it('formats and reads', () => {
  expect(cpuText(2, 1000)).toBe('2 × 1000 MHz');
  expect(memoryText(1024)).toBe('1 GB');
  expect(memoryText(1536)).toBe('1536 MB');
  expect(readTypeParam('consoleproxy')).toBe('consoleproxy');
  expect(readTypeParam('x')).toBeUndefined();
});
