import type { Db } from '../db/database';
import type { EntityType } from '../../src/api/params';

/**
 * Does a UUID name an entity of a type this management server knows? ParamProcessWorker.translateUuidToInternalId
 * looks a UUID parameter up among the entities of its `@Parameter(entityType=...)` (the classes the response's
 * `@EntityReference` names; removed entities included, findByUuidIncludingRemoved) and refuses one that names
 * nothing of that type with 431: a zone's id given as a router's `id` is refused as an unknown id is.
 *
 * Each type has its tables, and the simulator asks the resolvers of the objects it derives from others (a
 * volume from its VM, a storage pool from its cluster, ...). An object that is gone from its table is still
 * known by the jobs that acted on it and the events about it (their instance / resource type says its kind).
 */
const TABLES: Partial<Record<EntityType, { tables: string[]; instancetypes?: string[]; resourcetypes?: string[]; extra?: string[] }>> = {
  zone: { tables: ['zones'] },
  pod: { tables: ['pods'] },
  cluster: { tables: ['clusters'] },
  host: { tables: ['hosts'] },
  domain: { tables: ['domains'] },
  account: { tables: ['accounts'] },
  user: { tables: ['users'], resourcetypes: ['User'] },
  serviceoffering: { tables: ['serviceofferings'], resourcetypes: ['ServiceOffering'] },
  networkoffering: { tables: ['networkofferings'], resourcetypes: ['NetworkOffering'] },
  template: { tables: ['templates'], instancetypes: ['Template'], resourcetypes: ['Template'] },
  network: { tables: ['networks'], instancetypes: ['Network'], resourcetypes: ['Network'] },
  vpc: { tables: [], extra: ['SELECT 1 FROM networks WHERE vpcid = @id'] },
  // VirtualMachine (vm_instance): user VMs, routers and system VMs alike.
  vm: {
    tables: ['routers', 'systemvms', 'vms'],
    instancetypes: ['DomainRouter', 'SystemVm', 'ConsoleProxy', 'SecondaryStorageVm', 'VirtualMachine'],
    resourcetypes: ['DomainRouter', 'SystemVm', 'ConsoleProxy', 'SecondaryStorageVm', 'VirtualMachine'],
  },
  job: { tables: ['jobs'] },
  event: { tables: ['events'] },
  alert: { tables: ['alerts'] },
  ipaddress: { tables: ['public_ips'], instancetypes: ['IpAddress'] },
  firewallrule: { tables: ['network_rules'], instancetypes: ['FirewallRule'], resourcetypes: ['FirewallRule'] },
};

const statements = new WeakMap<Db, Map<EntityType, (id: string) => boolean>>();
const resolvers: { type: EntityType; resolve: (db: Db, id: string) => boolean }[] = [];

/** Adds a lookup for entities of a type that have no table of their own (derived ids; see `derivedId`). */
export function registerEntityResolver(type: EntityType, resolve: (db: Db, id: string) => boolean): void {
  resolvers.push({ type, resolve });
}

function lookup(db: Db, type: EntityType): (id: string) => boolean {
  let byType = statements.get(db);
  if (!byType) statements.set(db, (byType = new Map()));
  let fn = byType.get(type);
  if (fn) return fn;
  const types = type === 'any' ? (Object.keys(TABLES) as EntityType[]) : [type];
  const parts: string[] = [];
  for (const t of types) {
    const spec = TABLES[t];
    if (!spec) continue;
    parts.push(...spec.tables.map((table) => `SELECT 1 FROM ${table} WHERE id = @id`), ...(spec.extra ?? []));
    const quote = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
    if (spec.instancetypes) parts.push(`SELECT 1 FROM jobs WHERE instanceid = @id AND instancetype IN (${quote(spec.instancetypes)})`);
    if (spec.resourcetypes) {
      parts.push(`SELECT 1 FROM events WHERE resourceid = @id AND json_extract(data, '$.resourcetype') IN (${quote(spec.resourcetypes)})`);
    }
  }
  if (type === 'any') parts.push('SELECT 1 FROM jobs WHERE instanceid = @id', 'SELECT 1 FROM events WHERE resourceid = @id');
  if (parts.length === 0) {
    fn = () => false;
  } else {
    const prepared = db.prepare(`${parts.join(' UNION ALL ')} LIMIT 1`);
    fn = (x: string) => prepared.get({ id: x.toLowerCase() }) !== undefined || prepared.get({ id: x }) !== undefined;
  }
  byType.set(type, fn);
  return fn;
}

/** True when `id` names an entity of `type` (for `any`: of any type), removed ones included. */
export function entityExists(db: Db, id: string, type: EntityType = 'any'): boolean {
  if (lookup(db, type)(id)) return true;
  const lower = id.toLowerCase();
  return resolvers.some((r) => (type === 'any' || r.type === type) && r.resolve(db, lower));
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
registerEntityResolver('network', (db, id) => {
  for (const kind of [DERIVED_NETWORK.public, DERIVED_NETWORK.control]) {
    if (db.prepare('SELECT 1 FROM zones WHERE id = ?').get(derivedParent(kind, id))) return true;
  }
  return false;
});
