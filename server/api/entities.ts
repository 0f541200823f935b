import type { Db } from '../db/database';

/**
 * Does a UUID name an entity this management server knows? ParamProcessWorker.translateUuidToInternalId looks
 * every UUID parameter up (removed entities included) and refuses one that names nothing with 431. The
 * simulator looks in every table of objects with an id, and asks the resolvers of the objects it derives from
 * others (a volume from its VM, a storage pool from its cluster, ...).
 */
const TABLES = [
  'zones', 'pods', 'clusters', 'hosts', 'domains', 'accounts', 'users', 'serviceofferings', 'templates', 'networks',
  'routers', 'systemvms', 'vms', 'jobs', 'events', 'alerts', 'networkofferings', 'diagnostics_files', 'ssvm_tasks',
  'public_ips', 'network_rules',
];

const statements = new WeakMap<Db, { get(id: string): unknown }>();
const resolvers: ((db: Db, id: string) => boolean)[] = [];

/** Adds a lookup for objects that have no table of their own (derived ids; see `derivedId`). */
export function registerEntityResolver(resolve: (db: Db, id: string) => boolean): void {
  resolvers.push(resolve);
}

export function entityExists(db: Db, id: string): boolean {
  let stmt = statements.get(db);
  if (!stmt) {
    // Removed objects count too (findByUuidIncludingRemoved): one that is gone from its table is still known
    // by the jobs that acted on it and the events about it.
    const sql = [...TABLES.map((t) => `SELECT 1 FROM ${t} WHERE id = @id`), 'SELECT 1 FROM networks WHERE vpcid = @id',
      'SELECT 1 FROM jobs WHERE instanceid = @id', 'SELECT 1 FROM events WHERE resourceid = @id']
      .join(' UNION ALL ') + ' LIMIT 1';
    const prepared = db.prepare(sql);
    stmt = { get: (x: string) => prepared.get({ id: x.toLowerCase() }) ?? prepared.get({ id: x }) };
    statements.set(db, stmt);
  }
  if (stmt.get(id) !== undefined) return true;
  return resolvers.some((r) => r(db, id.toLowerCase()));
}

/**
 * The id of an object derived from another one (the ROOT volume of a VM, the primary storage of a cluster):
 * the parent's UUID with its first 32 bits XOR a constant of the kind. Stable across restarts, and reversible
 * (`derivedParent`) so that a lookup by id costs one primary-key read.
 */
export function derivedId(kind: number, parentId: string): string {
  const head = (parseInt(parentId.slice(0, 8), 16) ^ kind) >>> 0;
  return head.toString(16).padStart(8, '0') + parentId.slice(8).toLowerCase();
}

/** The parent id of a derived id of that kind (derivedId is its own inverse). */
export const derivedParent = derivedId;

/** The kinds of derived objects. */
export const DERIVED = {
  rootVolume: 0x5a17c0de,
  storagePool: 0x0c5f9a11,
  publicIp: 0x1b2e3d4f,
} as const;

/** Derived ids of the zone's system networks (public, control) and of a router's NICs. */
export const DERIVED_NETWORK = {
  public: 0x7075b11c,
  control: 0x0c7a11a1,
  publicNic: 0x11c0ffee,
  controlNic: 0x22c0ffee,
  guestNic: 0x33c0ffee,
} as const;

// The zones' public and control networks are entities too (a listNetworks/issystem answer may name them).
registerEntityResolver((db, id) => {
  for (const kind of [DERIVED_NETWORK.public, DERIVED_NETWORK.control]) {
    if (db.prepare('SELECT 1 FROM zones WHERE id = ?').get(derivedParent(kind, id))) return true;
  }
  return false;
});
