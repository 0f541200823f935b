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

/** Said where the cluster column or view cannot be filled: a role without listHosts (RoleType.Admin only by default). */
export const NO_HOST_LIST = 'No host list for this role: a router’s cluster comes from its host (listHosts), which this role may not call.';

/** Shown unless the user hides them. */
export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'name', 'state', 'version', 'upgrade', 'role', 'type', 'zone', 'pod', 'cluster', 'host', 'account', 'network', 'publicip',
];

export function isColumnId(v: string): v is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(v);
}

/** Columns whose cell is a badge of a known width rather than text. */
const BADGE_COLUMNS: ReadonlySet<ColumnId> = new Set(['state', 'upgrade']);
/** Columns an admin needs whole (pod, cluster, host, account and their like): never narrower than their widest value. */
const WHOLE_COLUMNS: ReadonlySet<ColumnId> = new Set(['name', 'zone', 'pod', 'cluster', 'host', 'account', 'publicip', 'version', 'role', 'type', 'hypervisor']);
/** The widest a long free-text column (network, template, offering) grows; its cell shows the rest in a tooltip. */
export const MAX_FREE_TEXT_WIDTH = 320;
/** Cell padding (8 px each side) and a little room. */
const CELL_PADDING = 20;
/** The header's sort arrow. */
const ARROW = 16;

/**
 * The width in pixels of each column for a data set: wide enough for its widest value (and its header), so that
 * pod, cluster, host and account never truncate. `measure(text, bold)` gives a text's width in the table's font
 * (a canvas in the browser, an estimate in tests). Only the longest distinct values of a column are measured
 * (the 16 longest by characters), so a data set of 50,000 routers costs a pass over the texts and a few
 * measurements. Badge columns keep their fixed width.
 */
export function columnWidths(
  routers: readonly Router[],
  columns: readonly ColumnId[],
  hosts: HostIndex,
  measure: (text: string, bold: boolean) => number,
): Map<ColumnId, number> {
  const widths = new Map<ColumnId, number>();
  for (const id of columns) {
    const col = COLUMN_BY_ID.get(id);
    if (!col) continue;
    if (BADGE_COLUMNS.has(id)) {
      widths.set(id, Math.max(col.width, Math.ceil(measure(col.label, true)) + CELL_PADDING + ARROW));
      continue;
    }
    const distinct = new Set<string>();
    for (const r of routers) distinct.add(col.text(r, hosts));
    const longest = [...distinct].sort((a, b) => b.length - a.length).slice(0, 16);
    let content = 0;
    for (const t of longest) content = Math.max(content, measure(t, false));
    const header = measure(col.label, true) + ARROW;
    let w = Math.ceil(Math.max(content, header, 40)) + CELL_PADDING;
    if (!WHOLE_COLUMNS.has(id)) w = Math.min(w, MAX_FREE_TEXT_WIDTH);
    widths.set(id, w);
  }
  return widths;
}
