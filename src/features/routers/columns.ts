import type { Router } from '../../api/schemas';
import { clusterOf, type HostIndex } from './hostIndex';
import { redundantRole, routerType } from './routerType';

export const COLUMN_IDS = [
  'name', 'state', 'version', 'upgrade', 'role', 'type', 'zone', 'pod', 'cluster', 'host', 'account',
  'network', 'publicip', 'template', 'offering', 'hypervisor',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface Column {
  id: ColumnId;
  label: string;
  /** Width in pixels in the virtualised grid. */
  width: number;
  /** The text a cell shows, which sorting and search also use. */
  text(r: Router, hosts: HostIndex): string;
}

const s = (v: string | undefined) => v ?? '';

export const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Name', width: 130, text: (r) => r.name },
  { id: 'state', label: 'State', width: 100, text: (r) => r.state },
  { id: 'version', label: 'Version', width: 80, text: (r) => s(r.version) },
  { id: 'upgrade', label: 'Requires upgrade', width: 150, text: (r) => (r.requiresupgrade ? 'Yes' : 'No') },
  { id: 'role', label: 'Redundant role', width: 130, text: (r) => s(redundantRole(r)) },
  { id: 'type', label: 'Type', width: 120, text: (r) => routerType(r) },
  { id: 'zone', label: 'Zone', width: 110, text: (r) => s(r.zonename ?? r.zoneid) },
  { id: 'pod', label: 'Pod', width: 110, text: (r) => s(r.podname) },
  { id: 'cluster', label: 'Cluster', width: 120, text: (r, hosts) => s(clusterOf(r, hosts)?.name) },
  { id: 'host', label: 'Host', width: 120, text: (r) => s(r.hostname) },
  { id: 'account', label: 'Account / domain', width: 170, text: (r) => `${s(r.account)}${r.domainpath ?? r.domain ? ` · ${r.domainpath ?? r.domain}` : ''}` },
  { id: 'network', label: 'Network or VPC', width: 150, text: (r) => s(r.vpcname ?? r.guestnetworkname) },
  { id: 'publicip', label: 'Public IP', width: 120, text: (r) => s(r.publicip) },
  { id: 'template', label: 'Template', width: 190, text: (r) => s(r.templatename) },
  { id: 'offering', label: 'Service offering', width: 200, text: (r) => s(r.serviceofferingname) },
  { id: 'hypervisor', label: 'Hypervisor', width: 95, text: (r) => s(r.hypervisor) },
];

export const COLUMN_BY_ID = new Map(COLUMNS.map((c) => [c.id, c]));

/** Shown unless the user hides them. */
export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'name', 'state', 'version', 'upgrade', 'role', 'type', 'zone', 'pod', 'cluster', 'host', 'account', 'network', 'publicip',
];

export function isColumnId(v: string): v is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(v);
}
