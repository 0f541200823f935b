/**
 * What the settings screen says about particular settings, from CloudStack's code.
 */

/** Settings CloudStack removed, which an admin may still look for (an old guide names them). */
export const REMOVED_SETTINGS: readonly { name: string; removedIn: string; text: string }[] = [
  {
    name: 'consoleproxy.loadscan.interval',
    removedIn: '4.10',
    text:
      'CloudStack 4.10 removed consoleproxy.loadscan.interval as unused (CLOUDSTACK-9721): nothing read it, so setting it had no effect. ' +
      'How often the console proxies\u2019 capacity is checked is consoleproxy.capacityscan.interval.',
  },
];

/** The removed settings a search is looking for: every word of the search is in the name. */
export function removedSettingsFor(search: string): typeof REMOVED_SETTINGS {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return REMOVED_SETTINGS.filter((s) => words.every((w) => s.name.includes(w)));
}

export function isRemovedSetting(name: string): boolean {
  return REMOVED_SETTINGS.some((s) => s.name === name);
}

/**
 * What must happen after a setting is saved for it to take effect, beyond a management server restart
 * (which `isdynamic` says). network.router.EnableServiceMonitoring: a router gets its monitoring
 * configuration when it starts (VirtualNetworkApplianceManagerImpl.finalizeCommandsOnStart sends
 * SetMonitorServiceCommand, with monitoring on or off as the zone's value says), so running routers keep
 * their old behaviour until they are started again.
 */
export function afterSaveNote(name: string, value: string): string | undefined {
  if (name.toLowerCase() === 'network.router.enableservicemonitoring') {
    const on = value === 'true';
    return `Running routers ${on ? 'start' : 'stop'} monitoring their services only when they next start: CloudStack sends a router its monitoring configuration as it starts. Reboot the routers (or restart their networks) for it to reach them now; routers started from now on get it at once.`;
  }
  return undefined;
}
