/**
 * CloudStack dates look like 2021-09-29T17:50:11+0530 (an offset without a colon), which not every
 * JavaScript engine parses. These helpers read and show them.
 */
export function parseCloudStackDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/*
 * Made on the first date shown, not when this module loads: the frame imports it, and an Intl.DateTimeFormat with
 * dateStyle/timeStyle costs 20-40 ms of the first screen's main thread (bench/profile-routers.ts) while loading its
 * locale data.
 */
let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** A CloudStack date in the user's locale and time zone; the raw text when it cannot be read; '' when absent. */
export function formatCloudStackDate(value: string | undefined, format?: Intl.DateTimeFormat): string {
  if (!value) return '';
  const date = parseCloudStackDate(value);
  if (!date) return value;
  return (format ?? (dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }))).format(date);
}

/** Formats milliseconds the way CloudStack reads dates (yyyy-MM-dd'T'HH:mm:ssZ), in UTC. */
export function cloudStackDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
