import type { Router } from '../../api/schemas';
import { compareVersions } from '../../lib/version';
import { COLUMN_BY_ID, type ColumnId } from './columns';
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

/** The search box matches a router's name, its IP addresses and its account. */
export function matchesSearch(r: Router, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const fields = [r.name, r.publicip, r.guestipaddress, r.linklocalip, r.account];
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(q));
}

export function matchesFilters(r: Router, f: RouterFilters): boolean {
  if (f.state.length && !f.state.includes(r.state)) return false;
  if (f.upgrade !== undefined && (r.requiresupgrade === true) !== f.upgrade) return false;
  if (f.type.length && !f.type.includes(routerType(r))) return false;
  if (f.version.length && !f.version.includes(r.version ?? '')) return false;
  if (f.hypervisor.length && !f.hypervisor.includes(r.hypervisor ?? '')) return false;
  return true;
}

export function filterRouters(routers: readonly Router[], f: RouterFilters, query: string): Router[] {
  return routers.filter((r) => matchesFilters(r, f) && matchesSearch(r, query));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts by one column (versions numerically, names naturally: r-9 before r-10); ties by name. */
export function sortRouters(routers: readonly Router[], sort: Sort, hosts: HostIndex): Router[] {
  const col = COLUMN_BY_ID.get(sort.key) ?? COLUMN_BY_ID.get('name')!;
  const keyed = routers.map((r) => ({ r, k: col.text(r, hosts) }));
  const cmp =
    sort.key === 'version'
      ? (a: string, b: string) => (a && b ? compareVersions(a, b) : a ? 1 : b ? -1 : 0)
      : (a: string, b: string) => collator.compare(a, b);
  keyed.sort((a, b) => {
    const c = cmp(a.k, b.k);
    const d = sort.desc ? -c : c;
    return d || collator.compare(a.r.name, b.r.name);
  });
  return keyed.map((x) => x.r);
}

/** The distinct values of a field, for the filter choices. */
export function distinct(routers: readonly Router[], pick: (r: Router) => string | undefined, order?: (a: string, b: string) => number): string[] {
  const set = new Set<string>();
  for (const r of routers) {
    const v = pick(r);
    if (v) set.add(v);
  }
  return [...set].sort(order ?? collator.compare);
}
