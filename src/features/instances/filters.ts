import type { ApiRequest } from '../../api/transport';

/** The VM states listVirtualMachines filters by (CloudStack's VirtualMachine.State names). */
export const VM_STATES = ['Running', 'Stopped', 'Starting', 'Stopping', 'Migrating', 'Error', 'Destroyed', 'Expunging'] as const;

/** The Instances screen's filters, as they stand in the URL (?zone=&account=&state=&host=&q=&page=). */
export interface InstanceFilters {
  zoneid?: string;
  /** An account's id; the call names it by account name and domain id, as listVirtualMachines takes it. */
  accountid?: string;
  state?: string;
  hostid?: string;
  keyword?: string;
}

const KEYS: Record<keyof InstanceFilters, string> = { zoneid: 'zone', accountid: 'account', state: 'state', hostid: 'host', keyword: 'q' };

export function readInstanceFilters(params: URLSearchParams): InstanceFilters {
  const f: InstanceFilters = {};
  for (const [field, key] of Object.entries(KEYS) as [keyof InstanceFilters, string][]) {
    const v = params.get(key);
    if (v) f[field] = v;
  }
  return f;
}

/** The URL's parameters with these filters; any change of filter goes back to the first page. */
export function writeInstanceFilters(params: URLSearchParams, filters: InstanceFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [field, key] of Object.entries(KEYS) as [keyof InstanceFilters, string][]) {
    const v = filters[field];
    if (v) next.set(key, v);
    else next.delete(key);
  }
  next.delete('page');
  return next;
}

/**
 * listVirtualMachines' parameters for the filters. An administrator (root or domain admin) lists every
 * account it may see (listall=true: the whole cloud for the root admin, its domain subtree for a domain
 * admin); a user lists its own VMs. An account is named by name and domainid (listVirtualMachines has no
 * accountid parameter); an account not in `accounts` is left out rather than guessed.
 */
export function instanceListParams(
  filters: InstanceFilters,
  isAdmin: boolean,
  accounts: readonly { id: string; name: string; domainid: string }[],
): ApiRequest<'listVirtualMachines'> {
  const p: { -readonly [K in keyof ApiRequest<'listVirtualMachines'>]: ApiRequest<'listVirtualMachines'>[K] } = {};
  if (isAdmin) p.listall = true;
  if (filters.zoneid) p.zoneid = filters.zoneid;
  if (filters.state) p.state = filters.state;
  if (filters.hostid) p.hostid = filters.hostid;
  if (filters.keyword?.trim()) p.keyword = filters.keyword.trim();
  const account = filters.accountid ? accounts.find((a) => a.id === filters.accountid) : undefined;
  if (account) {
    p.account = account.name;
    p.domainid = account.domainid;
  }
  return p;
}
