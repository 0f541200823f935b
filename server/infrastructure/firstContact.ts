import { command } from '../api/registry';
import { ownerFilter } from '../api/access';
import { pageWindow } from '../api/listing';
import { DERIVED, derivedId, derivedParent, registerEntityResolver } from '../api/entities';
import type { Simulator } from '../api/context';
import { readData } from '../db/rows';
import type { Db } from '../db/database';
import { MANAGEMENT_SERVER_MSID } from './managementServer';
import { listVirtualMachines } from '../networks/commands';

/**
 * The list commands common clients and UIs call on first contact (Libcloud's list_nodes, Ansible's cs_*
 * modules, CloudStack's own dashboard), answered from the simulated cloud with the fields of CloudStack's
 * response classes. Objects the simulator keeps no table for are derived from those it has: a ROOT volume
 * per VM, router and system VM; a primary storage pool per cluster; a source NAT public IP per network.
 */

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

/** A page of an in-memory list, as queryPage pages a table (pagesize, page, default.page.size). */
function paged<T>(sim: Simulator, all: T[], p: { page?: number; pagesize?: number }): { count: number; items: T[] } {
  const { limit, offset } = pageWindow(sim, p);
  return { count: all.length, items: all.slice(offset, offset + limit) };
}

function keywordMatch(keyword: string | undefined, ...values: (string | undefined)[]): boolean {
  if (!keyword) return true;
  const k = keyword.toLowerCase();
  return values.some((v) => v !== undefined && v.toLowerCase().includes(k));
}

const eqId = (want: string | undefined, have: string | undefined) => want === undefined || (have !== undefined && want.toLowerCase() === have.toLowerCase());

// ---------------------------------------------------------------------------------------------- OS types

/** GuestOS rows of a fresh 4.20 install that the demo cloud's templates use (ids fixed for the simulator). */
const OS_CATEGORIES: Record<string, { id: string; name: string }> = {
  debian: { id: '2b7e1c4e-0f1a-4e7b-9c55-000000000002', name: 'Debian' },
  ubuntu: { id: '2b7e1c4e-0f1a-4e7b-9c55-000000000010', name: 'Ubuntu' },
  centos: { id: '2b7e1c4e-0f1a-4e7b-9c55-000000000001', name: 'CentOS' },
  windows: { id: '2b7e1c4e-0f1a-4e7b-9c55-000000000006', name: 'Windows' },
  other: { id: '2b7e1c4e-0f1a-4e7b-9c55-000000000007', name: 'Other' },
};
export const OS_TYPES = [
  { id: '7a1c2f60-5d3e-4b8a-9f10-00000000010f', description: 'Debian GNU/Linux 12 (64-bit)', category: 'debian' },
  { id: '7a1c2f60-5d3e-4b8a-9f10-000000000146', description: 'Ubuntu 24.04 LTS', category: 'ubuntu' },
  { id: '7a1c2f60-5d3e-4b8a-9f10-000000000145', description: 'Ubuntu 22.04 LTS', category: 'ubuntu' },
  { id: '7a1c2f60-5d3e-4b8a-9f10-0000000000f5', description: 'CentOS 7', category: 'centos' },
  { id: '7a1c2f60-5d3e-4b8a-9f10-00000000006f', description: 'Other Linux (64-bit)', category: 'other' },
  { id: '7a1c2f60-5d3e-4b8a-9f10-000000000123', description: 'Windows Server 2022 (64-bit)', category: 'windows' },
].map((o) => ({ ...o, categoryid: OS_CATEGORIES[o.category]!.id, categoryname: OS_CATEGORIES[o.category]!.name }));

registerEntityResolver('ostype', (_db, id) => OS_TYPES.some((o) => o.id === id));
registerEntityResolver('oscategory', (_db, id) => Object.values(OS_CATEGORIES).some((c) => c.id === id));

export const listOsTypes = command({
  name: 'listOsTypes',
  access: 'user',
  description: 'Lists all supported OS types for this cloud.',
  handle: ({ sim }, p) => {
    const all = OS_TYPES.filter((o) => eqId(p.id, o.id) && eqId(p.oscategoryid, o.categoryid)
      && (p.description === undefined || o.description.toLowerCase().includes(p.description.toLowerCase()))
      && keywordMatch(p.keyword, o.description));
    return paged(sim, all.map((o) => ({
      id: o.id, description: o.description, name: o.description, oscategoryid: o.categoryid, oscategoryname: o.categoryname,
      isuserdefined: false, fordisplay: true,
    })), p);
  },
});

// ---------------------------------------------------------------------------------------------- hypervisors

export const listHypervisors = command({
  name: 'listHypervisors',
  access: 'user',
  description: 'List hypervisors',
  handle: ({ sim }, p) => {
    const rows = sim.db
      .prepare(`SELECT DISTINCT json_extract(data, '$.hypervisortype') AS name FROM clusters ${p.zoneid ? 'WHERE zoneid = ?' : ''} ORDER BY rowid`)
      .all(...(p.zoneid ? [p.zoneid] : [])) as { name: string }[];
    const names = [...new Set(rows.map((r) => r.name))];
    return { count: names.length, items: names.map((name) => ({ name })) };
  },
});

// ---------------------------------------------------------------------------------------------- storage pools

interface ClusterRow { id: string; name: string; podid: string; zoneid: string; data: string }

function poolOf(db: Db, c: ClusterRow, usedBytes: number) {
  const d = readData(c);
  const zone = db.prepare('SELECT name FROM zones WHERE id = ?').get(c.zoneid) as { name: string } | undefined;
  const total = 10 * TiB;
  return {
    id: derivedId(DERIVED.storagePool, c.id),
    name: `ps-${c.name}`,
    zoneid: c.zoneid,
    zonename: zone?.name,
    podid: c.podid,
    podname: d.podname as string | undefined,
    clusterid: c.id,
    clustername: c.name,
    ipaddress: '10.10.0.10',
    path: `/export/primary/${c.name}`,
    type: 'NetworkFilesystem',
    scope: 'CLUSTER',
    state: 'Up',
    hypervisor: d.hypervisortype as string | undefined,
    created: '2026-01-15T09:30:00+0000',
    disksizetotal: total,
    disksizeused: usedBytes,
    disksizeallocated: usedBytes,
    overprovisionfactor: '2.0',
    provider: 'DefaultPrimary',
    istagarule: false,
    managed: false,
    hasannotations: false,
  };
}

registerEntityResolver('storagepool', (db, id) => {
  const parent = derivedParent(DERIVED.storagePool, id);
  return db.prepare('SELECT 1 FROM clusters WHERE id = ?').get(parent) !== undefined;
});

// ---------------------------------------------------------------------------------------------- volumes

interface VolumeSource {
  vmid: string; vmname: string; displayname?: string; vmtype: 'User' | 'DomainRouter' | 'ConsoleProxy' | 'SecondaryStorageVm';
  state: string; zoneid: string; hostid: string | null; lasthostid?: string; accountid: string; account: string;
  domainid: string; domainpath: string; templateid?: string; data: Record<string, unknown>;
}

/** Every VM, router and system VM with what its ROOT volume needs (owner, zone, host, template). */
function volumeSources(db: Db, f?: { where: string[]; args: unknown[] }): VolumeSource[] {
  const where = f && f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
  const args = f?.args ?? [];
  const out: VolumeSource[] = [];
  for (const r of db.prepare(`SELECT * FROM vms ${where} ORDER BY rowid`).all(...args) as Record<string, string>[]) {
    const d = readData(r as unknown as { data: string });
    out.push({ vmid: r.id!, vmname: r.name!, displayname: d.displayname as string | undefined, vmtype: 'User', state: r.state!, zoneid: r.zoneid!,
      hostid: r.hostid ?? null, lasthostid: d.lasthostid as string | undefined, accountid: r.accountid!, account: r.account!, domainid: r.domainid!,
      domainpath: r.domainpath!, templateid: d.templateid as string | undefined, data: d });
  }
  for (const r of db.prepare(`SELECT * FROM routers ${where} ORDER BY rowid`).all(...args) as Record<string, string>[]) {
    const d = readData(r as unknown as { data: string });
    out.push({ vmid: r.id!, vmname: r.name!, vmtype: 'DomainRouter', state: r.state!, zoneid: r.zoneid!, hostid: r.hostid ?? null,
      lasthostid: d.lasthostid as string | undefined, accountid: r.accountid!, account: r.account!, domainid: r.domainid!,
      domainpath: r.domainpath!, templateid: r.templateid, data: d });
  }
  if (!f || f.where.length === 0) {
    const system = db.prepare("SELECT id, name, domainid, domainpath FROM accounts WHERE accounttype = 1 ORDER BY rowid LIMIT 1").get() as
      { id: string; name: string; domainid: string; domainpath: string } | undefined;
    for (const r of db.prepare('SELECT * FROM systemvms ORDER BY rowid').all() as Record<string, string>[]) {
      const d = readData(r as unknown as { data: string });
      out.push({ vmid: r.id!, vmname: r.name!, vmtype: r.systemvmtype === 'consoleproxy' ? 'ConsoleProxy' : 'SecondaryStorageVm', state: r.state!,
        zoneid: r.zoneid!, hostid: r.hostid ?? null, lasthostid: d.lasthostid as string | undefined, accountid: system?.id ?? '',
        account: 'system', domainid: system?.domainid ?? '', domainpath: system?.domainpath ?? '/ROOT/', templateid: r.templateid, data: d });
    }
  }
  return out;
}

/** The CloudStack number in a VM name (i-11-VM, r-7-VM, v-1-VM), for its ROOT volume's name ROOT-<n>. */
function vmNumber(name: string, instancename?: unknown): string {
  const m = /^[a-z]-(\d+)-/.exec(typeof instancename === 'string' ? instancename : name) ?? /-(\d+)(?:-VM)?$/.exec(name);
  return m ? m[1]! : name;
}

function volumeOf(db: Db, v: VolumeSource, names: Names) {
  const hostid = v.hostid ?? v.lasthostid;
  const clusterid = hostid ? names.clusterOfHost(hostid) : undefined;
  const pool = clusterid ? derivedId(DERIVED.storagePool, clusterid) : undefined;
  const template = v.templateid ? names.template(v.templateid) : undefined;
  const size = template?.size ?? 8 * GiB;
  return {
    id: derivedId(DERIVED.rootVolume, v.vmid),
    name: `ROOT-${vmNumber(v.vmname, v.data.instancename)}`,
    zoneid: v.zoneid,
    zonename: names.zone(v.zoneid),
    type: 'ROOT',
    deviceid: 0,
    virtualmachineid: v.vmid,
    vmname: v.vmname,
    vmdisplayname: v.displayname ?? v.vmname,
    vmtype: v.vmtype,
    vmstate: v.state,
    provisioningtype: 'thin',
    size,
    state: 'Ready',
    account: v.account,
    domainid: v.domainid,
    domain: names.domain(v.domainid),
    storagetype: 'shared',
    storageid: pool,
    storage: clusterid ? `ps-${names.cluster(clusterid)}` : undefined,
    hypervisor: v.data.hypervisor as string | undefined,
    templateid: v.templateid,
    templatename: template?.name,
    serviceofferingid: v.data.serviceofferingid as string | undefined,
    serviceofferingname: v.data.serviceofferingname as string | undefined,
    created: (v.data.created as string | undefined) ?? '2026-01-15T09:30:00+0000',
    destroyed: false,
    isextractable: false,
    displayvolume: true,
    quiescevm: false,
    supportsstoragesnapshot: false,
    hasannotations: false,
    path: derivedId(DERIVED.rootVolume, v.vmid),
  };
}

interface Names {
  zone(id: string): string | undefined;
  domain(id: string): string | undefined;
  cluster(id: string): string | undefined;
  clusterOfHost(id: string): string | undefined;
  template(id: string): { name: string; size?: number } | undefined;
}

function names(db: Db): Names {
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, load: () => T): T => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as T;
  };
  return {
    zone: (id) => memo(`z${id}`, () => (db.prepare('SELECT name FROM zones WHERE id = ?').get(id) as { name: string } | undefined)?.name),
    domain: (id) => memo(`d${id}`, () => (db.prepare('SELECT name FROM domains WHERE id = ?').get(id) as { name: string } | undefined)?.name),
    cluster: (id) => memo(`c${id}`, () => (db.prepare('SELECT name FROM clusters WHERE id = ?').get(id) as { name: string } | undefined)?.name),
    clusterOfHost: (id) => memo(`h${id}`, () => (db.prepare('SELECT clusterid FROM hosts WHERE id = ?').get(id) as { clusterid: string } | undefined)?.clusterid),
    template: (id) => memo(`t${id}`, () => {
      const t = db.prepare('SELECT name, data FROM templates WHERE id = ?').get(id) as { name: string; data: string } | undefined;
      return t ? { name: t.name, size: readData(t).size as number | undefined } : undefined;
    }),
  };
}

registerEntityResolver('volume', (db, id) => {
  const parent = derivedParent(DERIVED.rootVolume, id);
  return db.prepare('SELECT 1 FROM vms WHERE id = ? UNION ALL SELECT 1 FROM routers WHERE id = ? UNION ALL SELECT 1 FROM systemvms WHERE id = ?')
    .get(parent, parent, parent) !== undefined;
});

export const listVolumes = command({
  name: 'listVolumes',
  access: 'user',
  description: 'Lists all volumes.',
  handle: ({ sim, caller }, p) => {
    // A single volume by id is found across everything the caller may see, as listall does.
    const own = ownerFilter(sim.db, caller, { ...p, id: p.id ?? p.virtualmachineid });
    const showSystem = caller.accounttype === 1 && own.where.length === 0;
    const n = names(sim.db);
    let sources = volumeSources(sim.db, showSystem ? undefined : own);
    // Volumes of routers and system VMs are the root admin's to see (the others see their VMs' volumes).
    if (caller.accounttype !== 1) sources = sources.filter((s) => s.vmtype === 'User');
    const want = p.ids?.map((x) => x.toLowerCase());
    const all = sources
      .map((s) => volumeOf(sim.db, s, n))
      .filter((v) => eqId(p.id, v.id) && (!want || want.includes(v.id)) && eqId(p.zoneid, v.zoneid) && eqId(p.virtualmachineid, v.virtualmachineid)
        && eqId(p.storageid, v.storageid) && (p.name === undefined || v.name === p.name)
        && (p.type === undefined || v.type.toLowerCase() === p.type.toLowerCase())
        && (p.state === undefined || v.state.toLowerCase() === p.state.toLowerCase())
        && (p.clusterid === undefined || (v.storageid !== undefined && derivedParent(DERIVED.storagePool, v.storageid) === p.clusterid.toLowerCase()))
        && keywordMatch(p.keyword, v.name));
    return paged(sim, all, p);
  },
});

export const listStoragePools = command({
  name: 'listStoragePools',
  access: 'root',
  description: 'Lists storage pools.',
  handle: ({ sim }, p) => {
    const n = names(sim.db);
    const used = new Map<string, number>();
    for (const v of volumeSources(sim.db).map((s) => volumeOf(sim.db, s, n))) {
      if (v.storageid) used.set(v.storageid, (used.get(v.storageid) ?? 0) + v.size);
    }
    const clusters = sim.db.prepare('SELECT * FROM clusters ORDER BY rowid').all() as ClusterRow[];
    const all = clusters
      .map((c) => poolOf(sim.db, c, used.get(derivedId(DERIVED.storagePool, c.id)) ?? 0))
      .filter((s) => eqId(p.id, s.id) && eqId(p.zoneid, s.zoneid) && eqId(p.podid, s.podid) && eqId(p.clusterid, s.clusterid)
        && (p.name === undefined || s.name === p.name) && (p.ipaddress === undefined || s.ipaddress === p.ipaddress)
        && (p.path === undefined || s.path === p.path) && (p.scope === undefined || s.scope.toLowerCase() === p.scope.toLowerCase())
        && (p.status === undefined || s.state.toLowerCase() === p.status.toLowerCase()) && keywordMatch(p.keyword, s.name));
    return paged(sim, all, p);
  },
});

// ---------------------------------------------------------------------------------------------- forwarding rules

/** listIpForwardingRules (static NAT rules): the simulated networks have none. */
export const listIpForwardingRules = command({
  name: 'listIpForwardingRules',
  access: 'user',
  description: 'List the IP forwarding rules',
  handle: () => ({ count: 0, items: [] }),
});

// ---------------------------------------------------------------------------------------------- projects, keys

/** The simulated cloud has no projects; `projectid=-1` (all projects) and listall are accepted. */
export const listProjects = command({
  name: 'listProjects',
  access: 'user',
  description: 'Lists projects and provides detailed information for listed projects',
  handle: () => ({ count: 0, items: [] }),
});

/** SSH key pairs: none are registered in the simulated cloud. */
export const listSSHKeyPairs = command({
  name: 'listSSHKeyPairs',
  access: 'user',
  description: 'List registered keypairs',
  handle: () => ({ count: 0, items: [] }),
});

// ---------------------------------------------------------------------------------------------- capacity

/** Capacity types (com.cloud.capacity.Capacity) and their names (CapacityResponse `name`, 4.17+). */
const CAPACITY = {
  MEMORY: 0, CPU: 1, STORAGE: 2, STORAGE_ALLOCATED: 3, VIRTUAL_NETWORK_PUBLIC_IP: 4, PRIVATE_IP: 5, SECONDARY_STORAGE: 6,
  CPU_CORE: 90,
} as const;

interface ZoneUsage {
  zoneid: string; zonename: string; hosts: number; cores: number; cpuMhz: number; memory: number;
  usedCores: number; usedMhz: number; usedMemory: number; storageTotal: number; storageUsed: number;
  publicTotal: number; publicUsed: number; privateTotal: number; privateUsed: number; clusters: number; clustersUp: number;
}

/** What each zone has and uses: hosts (Routing), running VMs and system VMs, volumes, addresses. */
export function zoneUsage(sim: Simulator): ZoneUsage[] {
  const db = sim.db;
  const zones = db.prepare('SELECT id, name FROM zones ORDER BY rowid').all() as { id: string; name: string }[];
  const n = names(db);
  const volumes = volumeSources(db).map((s) => volumeOf(db, s, n));
  return zones.map((z) => {
    const hosts = (db.prepare("SELECT data FROM hosts WHERE zoneid = ? AND json_extract(data, '$.type') = 'Routing'").all(z.id) as { data: string }[])
      .map((h) => readData(h));
    const running = (t: string) => db.prepare(`SELECT data FROM ${t} WHERE zoneid = ? AND state = 'Running'`).all(z.id) as { data: string }[];
    let usedCores = 0; let usedMhz = 0; let usedMemory = 0;
    for (const vm of running('vms').map(readData)) {
      const cores = Number(vm.cpunumber ?? 1);
      usedCores += cores;
      usedMhz += cores * Number(vm.cpuspeed ?? 1000);
      usedMemory += Number(vm.memory ?? 512) * 1024 * 1024;
    }
    // System offerings of 4.20: routers 1 x 500 MHz / 256 MB, console proxies and SSVMs 1 x 500 MHz / 1024 MB.
    const systemRunning = (db.prepare("SELECT COUNT(*) AS n FROM systemvms WHERE zoneid = ? AND state = 'Running'").get(z.id) as { n: number }).n;
    const routersRunning = (db.prepare("SELECT COUNT(*) AS n FROM routers WHERE zoneid = ? AND state = 'Running'").get(z.id) as { n: number }).n;
    usedCores += systemRunning + routersRunning;
    usedMhz += 500 * (systemRunning + routersRunning);
    usedMemory += (1024 * systemRunning + 256 * routersRunning) * 1024 * 1024;
    const clusters = (db.prepare('SELECT COUNT(*) AS n FROM clusters WHERE zoneid = ?').get(z.id) as { n: number }).n;
    const publicUsed = (db.prepare('SELECT COUNT(DISTINCT publicip) AS n FROM routers WHERE zoneid = ? AND publicip IS NOT NULL').get(z.id) as { n: number }).n
      + (db.prepare("SELECT COUNT(*) AS n FROM systemvms WHERE zoneid = ? AND json_extract(data, '$.publicip') IS NOT NULL").get(z.id) as { n: number }).n;
    const pods = (db.prepare('SELECT COUNT(*) AS n FROM pods WHERE zoneid = ?').get(z.id) as { n: number }).n;
    const zoneVolumes = volumes.filter((v) => v.zoneid === z.id);
    return {
      zoneid: z.id,
      zonename: z.name,
      hosts: hosts.length,
      cores: hosts.reduce((a, h) => a + Number(h.cpunumber ?? 0), 0),
      cpuMhz: hosts.reduce((a, h) => a + Number(h.cpunumber ?? 0) * Number(h.cpuspeed ?? 0), 0),
      memory: hosts.reduce((a, h) => a + Number(h.memorytotal ?? 0), 0),
      usedCores,
      usedMhz,
      usedMemory,
      storageTotal: clusters * 10 * TiB,
      storageUsed: zoneVolumes.reduce((a, v) => a + v.size, 0),
      publicTotal: Math.max(publicUsed, 254 * Math.max(1, pods)),
      publicUsed,
      privateTotal: 241 * Math.max(1, pods),
      privateUsed: hosts.length + systemRunning,
      clusters,
      clustersUp: clusters,
    };
  });
}

function capacityItems(u: ZoneUsage) {
  const item = (type: number, name: string, used: number, total: number) => ({
    type, name, zoneid: u.zoneid, zonename: u.zonename, capacityused: used, capacitytotal: total, capacityallocated: used,
    percentused: total > 0 ? ((used / total) * 100).toFixed(2) : '0',
  });
  return [
    item(CAPACITY.MEMORY, 'MEMORY', u.usedMemory, u.memory),
    item(CAPACITY.CPU, 'CPU', u.usedMhz, u.cpuMhz),
    item(CAPACITY.STORAGE, 'STORAGE', u.storageUsed, u.storageTotal),
    item(CAPACITY.STORAGE_ALLOCATED, 'STORAGE_ALLOCATED', u.storageUsed, u.storageTotal * 2),
    item(CAPACITY.VIRTUAL_NETWORK_PUBLIC_IP, 'VIRTUAL_NETWORK_PUBLIC_IP', u.publicUsed, u.publicTotal),
    item(CAPACITY.PRIVATE_IP, 'PRIVATE_IP', u.privateUsed, u.privateTotal),
    item(CAPACITY.CPU_CORE, 'CPU_CORE', u.usedCores, u.cores),
  ];
}

export const listCapacity = command({
  name: 'listCapacity',
  access: 'root',
  description: 'Lists all the system wide capacities.',
  handle: ({ sim }, p) => {
    let items = zoneUsage(sim).filter((u) => eqId(p.zoneid, u.zoneid)).flatMap(capacityItems);
    if (p.type !== undefined) items = items.filter((c) => c.type === p.type);
    // sortby=usage orders by percentused, highest first (ManagementServerImpl.listCapacities).
    if (p.sortby === 'usage') items.sort((a, b) => Number(b.percentused) - Number(a.percentused));
    return paged(sim, items, p);
  },
});

// ---------------------------------------------------------------------------------------------- metrics

const GHz = (mhz: number) => `${(mhz / 1000).toFixed(2)} Ghz`;
const GB = (bytes: number) => `${(bytes / GiB).toFixed(2)} GB`;
const pct = (used: number, total: number) => `${total > 0 ? ((used / total) * 100).toFixed(2) : '0.00'}%`;

/** listInfrastructure (metrics plugin): the number of each kind of object, one `infrastructure` object. */
export const listInfrastructure = command({
  name: 'listInfrastructure',
  access: 'root',
  description: 'Lists infrastructure',
  handle: ({ sim }) => {
    const count = (sql: string) => (sim.db.prepare(sql).get() as { n: number }).n;
    return {
      zones: count('SELECT COUNT(*) AS n FROM zones'),
      pods: count('SELECT COUNT(*) AS n FROM pods'),
      clusters: count('SELECT COUNT(*) AS n FROM clusters'),
      hosts: count("SELECT COUNT(*) AS n FROM hosts WHERE json_extract(data, '$.type') = 'Routing'"),
      storagepools: count('SELECT COUNT(*) AS n FROM clusters'),
      imagestores: count('SELECT COUNT(*) AS n FROM zones'),
      objectstores: 0,
      systemvms: count('SELECT COUNT(*) AS n FROM systemvms'),
      routers: count('SELECT COUNT(*) AS n FROM routers'),
      ilbvms: 0,
      cpusockets: count("SELECT COALESCE(SUM(json_extract(data, '$.cpusockets')), 0) AS n FROM hosts WHERE json_extract(data, '$.type') = 'Routing'"),
      managementservers: 1,
      alerts: count('SELECT COUNT(*) AS n FROM alerts'),
    };
  },
});

/** listZonesMetrics: each zone (ZoneResponse) with ZoneMetricsResponse's figures as CloudStack words them. */
export const listZonesMetrics = command({
  name: 'listZonesMetrics',
  access: 'root',
  description: 'Lists Zone metrics',
  handle: ({ sim }, p) => {
    const usage = new Map(zoneUsage(sim).map((u) => [u.zoneid, u]));
    const zones = (sim.db.prepare('SELECT * FROM zones ORDER BY rowid').all() as { id: string; name: string; data: string }[])
      .filter((z) => eqId(p.id, z.id) && (p.name === undefined || z.name === p.name) && keywordMatch(p.keyword, z.name));
    const items = zones.map((z) => {
      const u = usage.get(z.id)!;
      const d = readData(z);
      return {
        ...d,
        id: z.id,
        name: z.name,
        state: d.allocationstate === 'Disabled' ? 'Disabled' : 'Enabled',
        clusters: `${u.clustersUp} / ${u.clusters}`,
        cpuused: pct(u.usedMhz, u.cpuMhz),
        cpumaxdeviation: '0.00%',
        cpuallocated: pct(u.usedMhz, u.cpuMhz),
        cputotal: GHz(u.cpuMhz),
        memoryused: GB(u.usedMemory),
        memorymaxdeviation: '0.00%',
        memoryallocated: GB(u.usedMemory),
        memorytotal: GB(u.memory),
        cpuusagethreshold: false, cpuusagedisablethreshold: false, cpuallocatedthreshold: false, cpuallocateddisablethreshold: false,
        memoryusagethreshold: false, memoryusagedisablethreshold: false, memoryallocatedthreshold: false, memoryallocateddisablethreshold: false,
      };
    });
    return paged(sim, items, p);
  },
});

/** listVirtualMachinesMetrics: listVirtualMachines with VmMetricsResponse's figures (strings, as CloudStack words them). */
export const listVirtualMachinesMetrics = command({
  name: 'listVirtualMachinesMetrics',
  access: 'user',
  description: 'Lists VM metrics',
  handle: async (ctx, p) => {
    const page = (await listVirtualMachines.handle(ctx, p)) as { count: number; items: Record<string, unknown>[] };
    return {
      count: page.count,
      items: page.items.map((vm) => {
        const cores = Number(vm.cpunumber ?? 1);
        const running = vm.state === 'Running';
        return {
          ...vm,
          id: String(vm.id),
          name: String(vm.name),
          state: String(vm.state),
          ipaddress: vm.ipaddress as string | undefined,
          cputotal: `${cores} x ${GHz(Number(vm.cpuspeed ?? 1000))}`,
          cpuused: running ? '2.50%' : '0.00%',
          memorytotal: GB(Number(vm.memory ?? 512) * 1024 * 1024),
          memoryintfreekbs: undefined,
          networkread: '0.00 MB',
          networkwrite: '0.00 MB',
          diskread: '0.00 MB',
          diskwrite: '0.00 MB',
          diskiopstotal: 0,
        };
      }),
    };
  },
});

// ---------------------------------------------------------------------------------------------- UI start-up

/**
 * readyForShutdown (ReadyForShutdownCmd, 4.19+): whether a triggered shutdown may go ahead. No shutdown is
 * triggered in the simulator, so it is not ready; `pendingjobscount` counts the unfinished jobs.
 */
export const readyForShutdown = command({
  name: 'readyForShutdown',
  access: 'root',
  description: 'Returns the status of CloudStack, whether a shutdown has been triggered and if ready to shutdown',
  handle: ({ sim }) => {
    const pending = (sim.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE status = 0').get() as { n: number }).n;
    return { readyforshutdown: false, shutdowntriggered: false, pendingjobscount: pending, managementserverid: Number(MANAGEMENT_SERVER_MSID) };
  },
});

/** listLdapConfigurations: no LDAP server is configured in the simulated cloud (an empty list, not an error). */
export const listLdapConfigurations = command({
  name: 'listLdapConfigurations',
  access: 'admin',
  description: 'Lists all LDAP configurations',
  handle: () => ({ count: 0, items: [] }),
});

export const firstContactCommands = [
  listOsTypes, listHypervisors, listVolumes, listStoragePools, listIpForwardingRules,
  listProjects, listSSHKeyPairs, listCapacity, listInfrastructure, listZonesMetrics, listVirtualMachinesMetrics, readyForShutdown,
  listLdapConfigurations,
];
