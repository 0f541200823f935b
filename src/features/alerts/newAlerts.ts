import { parseCloudStackDate } from '../../lib/dates';

/** Where the app remembers the newest alert the admin has seen (a date, no secret). */
export const LAST_SEEN_KEY = 'cloudstack-console.alerts.lastSeen';

/** CloudStack's alert types (AlertManager), for names and the type filter. */
export const ALERT_TYPES: Record<number, string> = {
  0: 'Memory', 1: 'CPU', 2: 'Storage', 3: 'Storage allocated', 4: 'Public IP', 5: 'Private IP', 6: 'Secondary storage', 7: 'Host',
  8: 'User VM', 9: 'Domain router', 10: 'Console proxy', 11: 'Routing', 12: 'Storage (misc)', 13: 'Usage server', 14: 'Management server',
  15: 'Domain router migration', 16: 'Console proxy migration', 17: 'User VM migration', 18: 'VLAN', 19: 'Secondary storage VM',
  20: 'Usage server result', 21: 'Storage delete', 22: 'Resource count', 23: 'Usage sanity', 24: 'Direct attached public IP',
  25: 'Local storage', 26: 'Resource limit exceeded', 27: 'Sync',
};

export function alertTypeName(type: number): string {
  return ALERT_TYPES[type] ?? `Type ${type}`;
}

/** How many of the alerts (newest first) were sent after the last one seen; all of them when none was seen. */
export function countNewAlerts(alerts: readonly { sent?: string }[], lastSeen: string | null): number {
  const seen = parseCloudStackDate(lastSeen ?? undefined)?.getTime();
  if (seen === undefined) return alerts.length;
  return alerts.filter((a) => (parseCloudStackDate(a.sent)?.getTime() ?? 0) > seen).length;
}

/** The newest `sent` of a list, to remember as seen. */
export function newestSent(alerts: readonly { sent?: string }[]): string | undefined {
  let best: { t: number; s: string } | undefined;
  for (const a of alerts) {
    const t = parseCloudStackDate(a.sent)?.getTime();
    if (t !== undefined && a.sent && (!best || t > best.t)) best = { t, s: a.sent };
  }
  return best?.s;
}
