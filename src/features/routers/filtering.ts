import type { Router } from '../../api/schemas';
import { COLUMN_BY_ID, type Column, type ColumnId } from './columns';
import type { HostIndex } from './hostIndex';
import { routerType, type RouterType } from './routerType';

export interface RouterFilters {
  state: string[];
  /** true: only routers that require an upgrade; false: only those that do not. */
  upgrade?: boolean;
  type: RouterType[];
  version: string[];
  hypervisor: string[];
}

export const NO_FILTERS: RouterFilters = { state: [], type: [], version: [], hypervisor: [] };

export interface Sort {
  key: ColumnId;
  desc: boolean;
}

export const DEFAULT_SORT: Sort = { key: 'name', desc: false };

/** The fields the search box looks in, lower-cased once per router object (see searchTextOf). */
const searchTexts = new WeakMap<Router, string>();

/** A router's searchable text: name, IP addresses and account, lower case, separated by newlines. */
function searchTextOf(r: Router): string {
  let t = searchTexts.get(r);
  if (t === undefined) {
    t = [r.name, r.publicip, r.guestipaddress, r.linklocalip, r.account].filter((f) => f !== undefined).join('\n').toLowerCase();
    searchTexts.set(r, t);
  }
  return t;
}

/** The search box matches a router's name, its IP addresses and its account. */
export function matchesSearch(r: Router, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return searchTextOf(r).includes(q);
}

export function matchesFilters(r: Router, f: RouterFilters): boolean {
  if (f.state.length && !f.state.includes(r.state)) return false;
  if (f.upgrade !== undefined && (r.requiresupgrade === true) !== f.upgrade) return false;
  if (f.type.length && !f.type.includes(routerType(r))) return false;
  if (f.version.length && !f.version.includes(r.version ?? '')) return false;
  if (f.hypervisor.length && !f.hypervisor.includes(r.hypervisor ?? '')) return false;
  return true;
}

/** The routers that pass the filters and the search, in the order given (a sorted list stays sorted). */
export function filterRouters(routers: readonly Router[], f: RouterFilters, query: string): Router[] {
  const q = query.trim().toLowerCase();
  const none = f.state.length + f.type.length + f.version.length + f.hypervisor.length === 0 && f.upgrade === undefined;
  if (none && !q) return routers as Router[];
  return routers.filter((r) => (none || matchesFilters(r, f)) && (!q || searchTextOf(r).includes(q)));
}

/**
 * A key that orders as the collator would (numeric, case- and accent-insensitive) when compared with < :
 * lower case, accents removed, every run of digits padded to 15 places, so that r-9 < r-10 and
 * 10.1.1.9 < 10.1.1.10. Versions order numerically the same way (4.9.1 < 4.20.0).
 */
export function naturalKey(text: string): string {
  const base = /[\u0080-\uffff]/.test(text) ? text.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : text;
  return base.toLowerCase().replace(/\d+/g, (d) => (d.length >= 15 ? d : d.padStart(15, '0')));
}

/** Natural keys per column, per host index, per router object: computed once for a data set. */
const keyCache = new WeakMap<HostIndex, Map<ColumnId, WeakMap<Router, string>>>();

function sortKeyOf(r: Router, col: Column, hosts: HostIndex): string {
  let byColumn = keyCache.get(hosts);
  if (!byColumn) keyCache.set(hosts, (byColumn = new Map()));
  let keys = byColumn.get(col.id);
  if (!keys) byColumn.set(col.id, (keys = new WeakMap()));
  let k = keys.get(r);
  if (k === undefined) {
    k = naturalKey(col.text(r, hosts));
    keys.set(r, k);
  }
  return k;
}

/**
 * Sorts by one column (versions numerically, names naturally: r-9 before r-10; an empty value first); ties
 * by name. Keys are computed once per router object (cached), so sorting again, or a list grown by a page,
 * costs a sort of strings and no formatting.
 */
export function sortRouters(routers: readonly Router[], sort: Sort, hosts: HostIndex): Router[] {
  const col = COLUMN_BY_ID.get(sort.key) ?? COLUMN_BY_ID.get('name')!;
  const name = COLUMN_BY_ID.get('name')!;
  const n = routers.length;
  const keys = new Array<string>(n);
  const names = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = routers[i]!;
    keys[i] = sortKeyOf(r, col, hosts);
    names[i] = col === name ? keys[i]! : sortKeyOf(r, name, hosts);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const dir = sort.desc ? -1 : 1;
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -dir : dir;
    const na = names[a]!;
    const nb = names[b]!;
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return order.map((i) => routers[i]!);
}

/** The last sort of each data set (the array of all routers), so that a switch of view or filter does not sort again. */
const sortedCache = new WeakMap<readonly Router[], { key: string; hosts: HostIndex; sorted: Router[] }>();

/** sortRouters, remembered for one data set: the same array, sort and host index give the same array back. */
export function sortedRouters(routers: readonly Router[], sort: Sort, hosts: HostIndex): Router[] {
  const key = `${sort.desc ? '-' : ''}${sort.key}`;
  const hit = sortedCache.get(routers);
  if (hit && hit.key === key && hit.hosts === hosts) return hit.sorted;
  const sorted = sortRouters(routers, sort, hosts);
  sortedCache.set(routers, { key, hosts, sorted });
  return sorted;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The distinct values of a field, for the filter choices. */
export function distinct(routers: readonly Router[], pick: (r: Router) => string | undefined, order?: (a: string, b: string) => number): string[] {
  const set = new Set<string>();
  for (const r of routers) {
    const v = pick(r);
    if (v) set.add(v);
  }
  return [...set].sort(order ?? collator.compare);
}
