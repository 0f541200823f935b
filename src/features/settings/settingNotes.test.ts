import { expect, it } from 'vitest';
import { afterSaveNote, isRemovedSetting, removedSettingsFor } from './settingNotes';

it('finds the removed setting an admin searches for', () => {
  expect(removedSettingsFor('loadscan').map((s) => s.name)).toEqual(['consoleproxy.loadscan.interval']);
  expect(removedSettingsFor('consoleproxy.loadscan.interval')[0]!.removedIn).toBe('4.10');
  expect(removedSettingsFor('consoleproxy session')).toEqual([]);
  expect(removedSettingsFor('')).toEqual([]);
  expect(isRemovedSetting('consoleproxy.loadscan.interval')).toBe(true);
});

it('says that routers must start again after service monitoring changes, whatever its spelling', () => {
  expect(afterSaveNote('network.router.EnableServiceMonitoring', 'true')).toMatch(/start monitoring their services only when they next start/);
  expect(afterSaveNote('network.router.enableservicemonitoring', 'false')).toMatch(/stop monitoring/);
  expect(afterSaveNote('router.template.kvm', 'x')).toBeUndefined();
});
