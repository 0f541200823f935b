import { DEFAULT_GROUP_SORT, GROUP_BYS, GROUP_SORT_KEYS, type GroupBy, type GroupSort, type GroupSortKey } from './grouping';
import { COLUMN_IDS, DEFAULT_COLUMNS, isColumnId, type ColumnId } from './columns';
import { DEFAULT_SORT, NO_FILTERS, type RouterFilters, type Sort } from './filtering';
import { ROUTER_TYPES, type RouterType } from './routerType';

export type View = 'all' | GroupBy;

/** Everything the routers screen shows, as it lives in the URL's search parameters. */
export interface RoutersViewState {
  view: View;
  /** The open group's key, when a grouped view lists one group's routers. */
  group?: string;
  filters: RouterFilters;
  sort: Sort;
  search: string;
  columns: ColumnId[];
  /** The router whose details are open. */
  router?: string;
  /** The order of a group table (gsort=-requiring). */
  groupSort: GroupSort;
  /** A group table lists only the groups with routers requiring an upgrade (groups=upgrade). */
  groupsRequiringUpgrade: boolean;
  /** The "Frozen networks" view is open, grouped this way. */
  frozen?: GroupBy;
}

export const DEFAULT_VIEW_STATE: RoutersViewState = {
  view: 'all',
  filters: NO_FILTERS,
  sort: DEFAULT_SORT,
  search: '',
  columns: [...DEFAULT_COLUMNS],
  groupSort: DEFAULT_GROUP_SORT,
  groupsRequiringUpgrade: false,
};

const list = (v: string | null): string[] => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

export function parseViewState(params: URLSearchParams): RoutersViewState {
  const viewParam = params.get('view');
  const view: View = (GROUP_BYS as readonly string[]).includes(viewParam ?? '') ? (viewParam as GroupBy) : 'all';
  const group = view !== 'all' ? params.get('group') || undefined : undefined;
  const upgradeParam = params.get('upgrade');
  const filters: RouterFilters = {
    state: list(params.get('state')),
    upgrade: upgradeParam === 'yes' ? true : upgradeParam === 'no' ? false : undefined,
    type: list(params.get('type')).filter((t): t is RouterType => (ROUTER_TYPES as readonly string[]).includes(t)),
    version: list(params.get('version')),
    hypervisor: list(params.get('hypervisor')),
  };
  const sortParam = params.get('sort') ?? '';
  const desc = sortParam.startsWith('-');
  const key = desc ? sortParam.slice(1) : sortParam;
  const sort: Sort = isColumnId(key) ? { key, desc } : DEFAULT_SORT;
  const colsParam = params.get('cols');
  const columns = colsParam === null ? [...DEFAULT_COLUMNS] : list(colsParam).filter(isColumnId);
  if (!columns.includes('name')) columns.unshift('name');
  const gsortParam = params.get('gsort') ?? '';
  const gdesc = gsortParam.startsWith('-');
  const gkey = gdesc ? gsortParam.slice(1) : gsortParam;
  const groupSort: GroupSort = (GROUP_SORT_KEYS as readonly string[]).includes(gkey) ? { key: gkey as GroupSortKey, desc: gdesc } : DEFAULT_GROUP_SORT;
  return {
    view,
    group,
    filters,
    sort,
    search: params.get('q') ?? '',
    columns: COLUMN_IDS.filter((c) => columns.includes(c)),
    router: params.get('router') || undefined,
    groupSort,
    groupsRequiringUpgrade: params.get('groups') === 'upgrade',
    frozen: (GROUP_BYS as readonly string[]).includes(params.get('frozen') ?? '') ? (params.get('frozen') as GroupBy) : undefined,
  };
}

function sameColumns(a: readonly ColumnId[], b: readonly ColumnId[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

/** The search parameters of a state; defaults are left out so that links stay short. */
export function encodeViewState(s: RoutersViewState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.view !== 'all') p.set('view', s.view);
  if (s.view !== 'all' && s.group) p.set('group', s.group);
  if (s.filters.state.length) p.set('state', s.filters.state.join(','));
  if (s.filters.upgrade !== undefined) p.set('upgrade', s.filters.upgrade ? 'yes' : 'no');
  if (s.filters.type.length) p.set('type', s.filters.type.join(','));
  if (s.filters.version.length) p.set('version', s.filters.version.join(','));
  if (s.filters.hypervisor.length) p.set('hypervisor', s.filters.hypervisor.join(','));
  if (s.sort.key !== DEFAULT_SORT.key || s.sort.desc !== DEFAULT_SORT.desc) p.set('sort', `${s.sort.desc ? '-' : ''}${s.sort.key}`);
  if (s.search) p.set('q', s.search);
  if (!sameColumns(s.columns, DEFAULT_COLUMNS)) p.set('cols', s.columns.join(','));
  if (s.router) p.set('router', s.router);
  if (s.groupSort.key !== DEFAULT_GROUP_SORT.key || s.groupSort.desc !== DEFAULT_GROUP_SORT.desc) p.set('gsort', `${s.groupSort.desc ? '-' : ''}${s.groupSort.key}`);
  if (s.groupsRequiringUpgrade) p.set('groups', 'upgrade');
  if (s.frozen) p.set('frozen', s.frozen);
  return p;
}
