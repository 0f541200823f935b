/** The events page's filters as they live in the URL, and the listEvents parameters they mean. */
export interface EventFilters {
  level?: 'INFO' | 'WARN' | 'ERROR';
  type?: string;
  /** yyyy-MM-dd */
  start?: string;
  end?: string;
  keyword?: string;
  resourcetype?: string;
  resourceid?: string;
}

const LEVELS = ['INFO', 'WARN', 'ERROR'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event types worth offering in the filter; any other can be typed. */
export const COMMON_EVENT_TYPES = [
  'ROUTER.START', 'ROUTER.STOP', 'ROUTER.REBOOT', 'ROUTER.DESTROY', 'ROUTER.UPGRADE', 'ROUTER.SERVICE.RESTART', 'ROUTER.SERVICE.DOWN',
  'NETWORK.RESTART', 'NETWORK.UPDATE', 'PROXY.START', 'PROXY.STOP', 'PROXY.REBOOT', 'PROXY.DESTROY', 'PROXY.CREATE', 'SSVM.START',
  'SSVM.STOP', 'SSVM.REBOOT', 'SSVM.DESTROY', 'SSVM.CREATE', 'SSVM.SCALE', 'VM.MIGRATE', 'SYSTEM.VM.DIAGNOSTICS', 'SERVICE.OFFERING.CREATE',
  'NETWORK.OFFERING.CREATE', 'CONFIGURATION.VALUE.EDIT', 'TEMPLATE.CREATE', 'TEMPLATE.DOWNLOAD.START', 'USER.LOGIN', 'USER.LOGOUT',
];

export const RESOURCE_TYPES = ['DomainRouter', 'ConsoleProxy', 'SecondaryStorageVm', 'Network', 'Template', 'ServiceOffering', 'NetworkOffering', 'VirtualMachine', 'User'];

export function readEventFilters(p: URLSearchParams): EventFilters {
  const f: EventFilters = {};
  const level = p.get('level')?.toUpperCase();
  if (level && (LEVELS as readonly string[]).includes(level)) f.level = level as EventFilters['level'];
  const type = p.get('type')?.trim();
  if (type && /^[A-Za-z0-9._-]{1,64}$/.test(type)) f.type = type.toUpperCase();
  const start = p.get('from');
  if (start && DATE.test(start)) f.start = start;
  const end = p.get('to');
  if (end && DATE.test(end)) f.end = end;
  const keyword = p.get('q')?.trim();
  if (keyword) f.keyword = keyword.slice(0, 200);
  const rt = p.get('object');
  if (rt && RESOURCE_TYPES.includes(rt)) f.resourcetype = rt;
  const rid = p.get('objectid');
  if (rid && UUID.test(rid)) f.resourceid = rid;
  if (f.start && f.end && f.start > f.end) [f.start, f.end] = [f.end, f.start];
  return f;
}

/** Writes filters back into the URL, leaving other parameters alone and going back to page 1. */
export function writeEventFilters(p: URLSearchParams, f: EventFilters): URLSearchParams {
  const next = new URLSearchParams(p);
  const set = (k: string, v: string | undefined) => (v ? next.set(k, v) : next.delete(k));
  set('level', f.level);
  set('type', f.type);
  set('from', f.start);
  set('to', f.end);
  set('q', f.keyword);
  set('object', f.resourcetype);
  set('objectid', f.resourceid);
  next.delete('page');
  return next;
}

/** The listEvents parameters of the filters. */
export function eventListParams(f: EventFilters): Record<string, string> {
  const p: Record<string, string> = {};
  if (f.level) p.level = f.level;
  if (f.type) p.type = f.type;
  if (f.start) p.startdate = f.start;
  if (f.end) p.enddate = f.end;
  if (f.keyword) p.keyword = f.keyword;
  if (f.resourcetype) p.resourcetype = f.resourcetype;
  if (f.resourceid) p.resourceid = f.resourceid;
  return p;
}

/** Where an event's object is shown in the app, if it has a screen. */
export function eventObjectLink(e: { resourcetype?: string; resourceid?: string; resourcename?: string }): string | undefined {
  switch (e.resourcetype) {
    case 'DomainRouter':
      return e.resourceid ? `/routers?router=${encodeURIComponent(e.resourceid)}` : undefined;
    case 'ConsoleProxy':
    case 'SecondaryStorageVm':
      return '/systemvms';
    case 'ServiceOffering':
    case 'NetworkOffering':
      return '/offerings';
    case 'Template':
      return '/templates';
    case 'Network':
      return e.resourcename ? `/routers?q=${encodeURIComponent(e.resourcename)}` : '/routers';
    case 'VirtualMachine':
      return '/instances';
    default:
      return undefined;
  }
}

/** Where an alert's object is shown: the router or system VM its description names. */
export function alertObjectLink(a: { description?: string; type?: number }): string | undefined {
  const router = /\br-\d+-VM\b/.exec(a.description ?? '');
  if (router) return `/routers?q=${router[0]}`;
  if (/\b[vs]-\d+-VM\b/.test(a.description ?? '')) return '/systemvms';
  return undefined;
}
