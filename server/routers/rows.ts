import type { Answer } from '../../src/api/commands';
import type { routerSchema } from '../../src/api/schemas';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { readData } from '../db/rows';
import { routerNicFields } from '../infrastructure/nics';
import { requiresUpgrade } from '../../src/lib/version';
import { CURRENT_SYSTEMVM_VERSION } from '../seed/versions';
import { ZoneRouterTemplates } from './templates';

export interface RouterRow {
  id: string;
  name: string;
  zoneid: string;
  podid: string;
  clusterid: string;
  hostid: string | null;
  accountid: string;
  account: string;
  domainid: string;
  domainpath: string;
  networkid: string;
  vpcid: string | null;
  state: string;
  version: string;
  templateid: string;
  serviceofferingid: string;
  redundantstate: string | null;
  publicip: string | null;
  guestipaddress: string | null;
  jobid: string | null;
  data: string;
}

/** The minimum router version the management server accepts without an upgrade. */
export const MINIMUM_ROUTER_VERSION = CURRENT_SYSTEMVM_VERSION;

export function routerRequiresUpgrade(r: Pick<RouterRow, 'version'>): boolean {
  return requiresUpgrade(r.version, MINIMUM_ROUTER_VERSION);
}

export function getRouter(db: Db, id: string): RouterRow | undefined {
  return db.prepare('SELECT * FROM routers WHERE id = ?').get(id) as RouterRow | undefined;
}

/** Names of the small tables a router response refers to, read once per response batch. */
export class RouterNames {
  private cache = new Map<string, Map<string, { name: string; extra?: string }>>();
  /** The router template each zone's new routers get, to tell routers on an older one. */
  readonly zoneTemplates: ZoneRouterTemplates;
  constructor(private readonly db: Db) {
    this.zoneTemplates = new ZoneRouterTemplates(db);
  }

  private table(sql: string): Map<string, { name: string; extra?: string }> {
    let m = this.cache.get(sql);
    if (!m) {
      m = new Map();
      for (const r of this.db.prepare(sql).all() as { id: string; name: string; extra?: string }[]) m.set(r.id, r);
      this.cache.set(sql, m);
    }
    return m;
  }
  zone(id: string) { return this.table('SELECT id, name, hypervisor AS extra FROM zones').get(id); }
  pod(id: string) { return this.table('SELECT id, name FROM pods').get(id); }
  cluster(id: string) { return this.table('SELECT id, name FROM clusters').get(id); }
  host(id: string) { return this.table('SELECT id, name FROM hosts').get(id); }
  template(id: string) { return this.table('SELECT id, name FROM templates').get(id); }
  offering(id: string) { return this.table('SELECT id, name FROM serviceofferings').get(id); }
  domain(id: string) { return this.table('SELECT id, name FROM domains').get(id); }
  private networkStatement: Statement | undefined;
  network(id: string) {
    this.networkStatement ??= this.db.prepare(`SELECT id, name, json_extract(data, '$.vpcname') AS extra FROM networks WHERE id = ?`);
    return this.networkStatement.get(id) as { name: string; extra?: string } | undefined;
  }
}

/** A router as listRouters answers it. */
export function routerResponse(r: RouterRow, names: RouterNames, jobstatus?: number): Answer<typeof routerSchema> {
  const d = readData(r);
  const zone = names.zone(r.zoneid);
  const net = names.network(r.networkid);
  const redundant = d.isredundantrouter === true;
  const out: Answer<typeof routerSchema> = Object.assign(d, {
    id: r.id,
    name: r.name,
    state: r.state,
    version: r.version,
    requiresupgrade: routerRequiresUpgrade(r) || names.zoneTemplates.onOlderTemplate(r),
    redundantstate: redundant ? (r.state === 'Running' ? r.redundantstate ?? 'UNKNOWN' : 'UNKNOWN') : 'UNKNOWN',
    zoneid: r.zoneid,
    zonename: zone?.name,
    hypervisor: zone?.extra,
    podid: r.podid,
    podname: names.pod(r.podid)?.name,
    hostid: r.hostid ?? undefined,
    hostname: r.hostid ? names.host(r.hostid)?.name : undefined,
    account: r.account,
    domainid: r.domainid,
    domain: names.domain(r.domainid)?.name,
    domainpath: r.domainpath === '/ROOT/' ? 'ROOT' : r.domainpath.slice(1, -1),
    guestnetworkid: r.vpcid ? undefined : r.networkid,
    guestnetworkname: r.vpcid ? undefined : net?.name,
    guestipaddress: r.guestipaddress ?? undefined,
    vpcid: r.vpcid ?? undefined,
    vpcname: r.vpcid ? net?.extra : undefined,
    publicip: r.state === 'Running' ? r.publicip ?? undefined : undefined,
    templateid: r.templateid,
    templatename: names.template(r.templateid)?.name,
    serviceofferingid: r.serviceofferingid,
    serviceofferingname: names.offering(r.serviceofferingid)?.name,
    softwareversion: r.version,
    // Simulator bookkeeping, not CloudStack fields.
    lasthostid: undefined,
    health: undefined,
  });
  // NIC fields of DomainRouterResponse (MACs, network ids, the nic list): server/infrastructure/nics.ts.
  Object.assign(out, routerNicFields(r, d, net?.name));
  if (r.jobid) {
    out.jobid = r.jobid;
    out.jobstatus = jobstatus ?? 0;
  }
  return out;
}
