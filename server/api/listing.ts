import type { Db } from '../db/database';
import type { Simulator } from './context';
import { paramError } from './errors';
import { likeEscape, type Filter } from './access';

export interface PageRequest {
  page?: number;
  pagesize?: number;
}

/** LIMIT/OFFSET for a list call: pagesize defaults to, and may not exceed, default.page.size; -1 means all. */
export function pageWindow(sim: Simulator, p: PageRequest): { limit: number; offset: number } {
  const max = sim.settings.effectiveNumber('default.page.size');
  let size = p.pagesize ?? max;
  if (size === -1) size = Number.MAX_SAFE_INTEGER;
  else if (size === 0) throw paramError('Page size should be greater than 0 or -1');
  else if (size > max) throw paramError(`Page size can't exceed max allowed page size value: ${max}`);
  const page = p.page ?? 1;
  return { limit: size, offset: size === Number.MAX_SAFE_INTEGER ? 0 : (page - 1) * size };
}

export function addEq(f: Filter, column: string, value: unknown): void {
  if (value === undefined) return;
  f.where.push(`${column} = ?`);
  f.args.push(value);
}

/** The SQL of a field kept in a row's JSON `data` column, for the helpers below. */
export function dataField(name: string): string {
  return `json_extract(data, '$.${name}')`;
}

/** Each named parameter, when given, is matched by equality against the column of the same name (in the order named). */
export function addEqs<Params extends object>(f: Filter, p: Params, names: readonly (keyof Params & string)[]): void {
  for (const name of names) addEq(f, name, p[name]);
}

/** A yes/no parameter against a 0/1 column; nothing when the parameter is absent. */
export function addFlag(f: Filter, column: string, value: boolean | undefined): void {
  if (value !== undefined) addEq(f, column, value ? 1 : 0);
}

/** column IN (the values); nothing when the parameter is absent. */
export function addIn(f: Filter, column: string, values: readonly unknown[] | undefined): void {
  if (!values) return;
  f.where.push(`${column} IN (${values.map(() => '?').join(',')})`);
  f.args.push(...values);
}

/** Equality without regard to case (a state, a hypervisor's name); nothing when the value is absent or empty. */
export function addEqIgnoringCase(f: Filter, column: string, value: string | undefined): void {
  if (!value) return;
  f.where.push(`lower(${column}) = lower(?)`);
  f.args.push(value);
}

/** keyword (and other "contains" parameters): a case-insensitive substring match over the given columns. */
export function addKeyword(f: Filter, columns: string[], keyword: string | undefined): void {
  if (!keyword) return;
  f.where.push(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
  for (let i = 0; i < columns.length; i++) f.args.push(`%${likeEscape(keyword)}%`);
}

/** Runs a filtered, paged query and answers the total count and the rows of the page. */
export function queryPage<Row>(
  db: Db,
  sim: Simulator,
  table: string,
  f: Filter,
  p: PageRequest,
  order = 'name',
): { count: number; rows: Row[] } {
  const where = f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
  const { limit, offset } = pageWindow(sim, p);
  const count = (db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${where}`).get(...f.args) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM ${table} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...f.args, limit, offset) as Row[];
  return { count, rows };
}

export function emptyFilter(): Filter {
  return { where: [], args: [] };
}
