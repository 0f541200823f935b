/**
 * The alerts page's filters besides type and text, which listAlerts cannot apply (it has no date or
 * object parameter): the day an alert was sent, and the kind of object its description names. They live
 * in the URL (`from`, `to` as yyyy-MM-dd; `object`) and are applied to the alerts loaded.
 */
export type AlertObjectKind = 'router' | 'systemvm' | 'other';

export interface AlertFilters {
  from?: string;
  to?: string;
  object?: AlertObjectKind;
}

export const ALERT_OBJECT_KINDS: { value: AlertObjectKind; label: string }[] = [
  { value: 'router', label: 'Virtual router' },
  { value: 'systemvm', label: 'System VM' },
  { value: 'other', label: 'Other' },
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDay(s: string | null): string | undefined {
  if (!s || !DATE.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? undefined : s;
}

export function readAlertFilters(p: URLSearchParams): AlertFilters {
  const f: AlertFilters = {};
  const from = validDay(p.get('from'));
  const to = validDay(p.get('to'));
  if (from) f.from = from;
  if (to) f.to = to;
  if (f.from && f.to && f.from > f.to) [f.from, f.to] = [f.to, f.from];
  const object = p.get('object');
  if (object && ALERT_OBJECT_KINDS.some((k) => k.value === object)) f.object = object as AlertObjectKind;
  return f;
}

/** The kind of object an alert's description names (a router r-N-VM, a system VM s-N-VM or v-N-VM). */
export function alertObjectKind(a: { description?: string }): AlertObjectKind {
  const d = a.description ?? '';
  if (/\br-\d+-VM\b/.test(d)) return 'router';
  if (/\b[vs]-\d+-VM\b/.test(d)) return 'systemvm';
  return 'other';
}

/**
 * The calendar day (yyyy-MM-dd, in the given offset from UTC in minutes, the browser's by default) of a
 * CloudStack date such as 2026-01-15T09:30:00+0000; undefined when it cannot be read.
 */
export function sentDay(sent: string | undefined, offsetMinutes?: number): string | undefined {
  if (!sent) return undefined;
  const t = Date.parse(sent.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) return undefined;
  const offset = offsetMinutes ?? -new Date(t).getTimezoneOffset();
  return new Date(t + offset * 60_000).toISOString().slice(0, 10);
}

/** The alerts that pass the filters: sent on or after `from`, on or before `to` (whole days), of the object kind. */
export function filterAlerts<T extends { sent?: string; description?: string }>(items: readonly T[], f: AlertFilters, offsetMinutes?: number): T[] {
  if (!f.from && !f.to && !f.object) return [...items];
  return items.filter((a) => {
    if (f.object && alertObjectKind(a) !== f.object) return false;
    if (f.from || f.to) {
      const day = sentDay(a.sent, offsetMinutes);
      if (!day) return false;
      if (f.from && day < f.from) return false;
      if (f.to && day > f.to) return false;
    }
    return true;
  });
}

/** Writes the filters into the URL, leaving other parameters alone and going back to page 1. */
export function writeAlertFilters(p: URLSearchParams, f: AlertFilters): URLSearchParams {
  const next = new URLSearchParams(p);
  const set = (k: string, v: string | undefined) => (v ? next.set(k, v) : next.delete(k));
  set('from', f.from);
  set('to', f.to);
  set('object', f.object);
  next.delete('page');
  return next;
}
