import type { Answer } from '../../src/api/commands';
import type { routerSchema } from '../../src/api/schemas';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { readData } from '../db/rows';
import { routerNicFields } from '../infrastructure/nics';
import { compareVersions } from '../../src/lib/version';
import { MANAGEMENT_SERVER_VERSION } from '../seed/versions';
import { settingsOf, type Settings } from '../settings/settings';

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

/** The setting that holds the minimum router template version of a zone (NetworkOrchestrationService.MinVRVersion). */
export const MIN_VR_VERSION = 'minreq.sysvmtemplate.version';

/**
 * The minimum router template version in a zone: the zone value of `minreq.sysvmtemplate.version`
 * (a dynamic, zone-scoped ConfigKey, `MinVRVersion.valueIn(dcid)`), falling back to the global value.
 */
export function minimumRouterVersion(settings: Settings, zoneid: string): string {
  return settings.effective(MIN_VR_VERSION, zoneid);
}

/**
 * The code version inside a router (`softwareversion`). A live patch (restartNetwork livepatch=true)
 * copies the management server's scripts into the router, which then reports the server's code version.
 */
export function routerSoftwareVersion(r: Pick<RouterRow, 'version' | 'data'>): string {
  const d = JSON.parse(r.data) as { softwareversion?: string };
  return d.softwareversion ?? r.version;
}

/**
 * `requiresupgrade` as DomainRouterJoinDaoImpl answers it: true when the router has no template version,
 * or when its version is below `minimum` (the zone's `minreq.sysvmtemplate.version`) and it was not live
 * patched (its code version is not the management server's). `router.template.*` plays no part.
 */
export function routerRequiresUpgrade(r: Pick<RouterRow, 'version' | 'data'>, minimum: string): boolean {
  if (!r.version || r.version === 'UNKNOWN') return true;
  if (compareVersions(r.version, minimum) >= 0) return false;
  return routerSoftwareVersion(r) !== MANAGEMENT_SERVER_VERSION;
}

/**
 * NetworkHelperImpl.checkRouterVersion: true when the management server may send commands to the router.
 * With `router.version.check` off (a non-dynamic ConfigKey: read as the server started) every router passes;
 * otherwise a router passes when its template version reaches the zone minimum or it was live patched.
 */
export function checkRouterVersion(settings: Settings, r: Pick<RouterRow, 'version' | 'data' | 'zoneid'>): boolean {
  if (!settings.effectiveBool('router.version.check')) return true;
  return !routerRequiresUpgrade(r, minimumRouterVersion(settings, r.zoneid));
}

/** CloudStack's internal id of a router (`r-<id>-VM`), as exception texts show it. */
export function routerInternalId(r: Pick<RouterRow, 'name'>): number {
  return Number(/^r-(\d+)-VM$/.exec(r.name)?.[1] ?? 0);
}

export function getRouter(db: Db, id: string): RouterRow | undefined {
  return db.prepare('SELECT * FROM routers WHERE id = ?').get(id) as RouterRow | undefined;
}

/** Names of the small tables a router response refers to, read once per response batch. */
export class RouterNames {
  private cache = new Map<string, Map<string, { name: string; extra?: string }>>();
  private readonly minimums = new Map<string, string>();
  private readonly settings: Settings | undefined;
  constructor(private readonly db: Db) {
    this.settings = settingsOf(db);
  }

  /** The zone's minimum router version (`minreq.sysvmtemplate.version`), read once per batch. */
  minimumVersion(zoneid: string): string {
    let m = this.minimums.get(zoneid);
    if (m === undefined) {
      m = this.settings ? minimumRouterVersion(this.settings, zoneid) : '4.10.0';
      this.minimums.set(zoneid, m);
    }
    return m;
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
    version: r.version || 'UNKNOWN',
    requiresupgrade: routerRequiresUpgrade(r, names.minimumVersion(r.zoneid)),
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
    softwareversion: routerSoftwareVersion(r),
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
