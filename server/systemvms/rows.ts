import type { Answer } from '../../src/api/commands';
import type { systemVmSchema } from '../../src/api/schemas';
import type { Simulator } from '../api/context';
import type { Db } from '../db/database';
import { readData } from '../db/rows';
import { systemVmNicFields } from '../infrastructure/nics';
import { consoleProxyLifecycle } from './lifecycle';
import { routerResponse, RouterNames, type RouterRow } from '../routers/rows';

export interface SystemVmRow {
  id: string;
  name: string;
  systemvmtype: string;
  zoneid: string;
  podid: string;
  hostid: string | null;
  state: string;
  version: string;
  templateid: string;
  jobid: string | null;
  data: string;
}

export type SystemVmType = 'consoleproxy' | 'secondarystoragevm';

export function getSystemVm(db: Db, id: string): SystemVmRow | undefined {
  return db.prepare('SELECT * FROM systemvms WHERE id = ?').get(id) as SystemVmRow | undefined;
}

/** Fields kept in a system VM's data that are the simulator's own and never answered. */
const PRIVATE_FIELDS = ['lasthostid', 'ssvmload'];

/** A system VM as listSystemVms (and the jobs on it) answer it. */
export function systemVmResponse(db: Db, r: SystemVmRow, sim?: Simulator): Answer<typeof systemVmSchema> {
  const d = readData(r);
  const host = r.hostid ? (db.prepare('SELECT name FROM hosts WHERE id = ?').get(r.hostid) as { name: string } | undefined) : undefined;
  const tpl = db.prepare('SELECT name FROM templates WHERE id = ?').get(r.templateid) as { name: string } | undefined;
  const running = r.state === 'Running';
  const out: Answer<typeof systemVmSchema> = {
    ...d,
    id: r.id,
    name: r.name,
    systemvmtype: r.systemvmtype as 'consoleproxy' | 'secondarystoragevm',
    zoneid: r.zoneid,
    podid: r.podid,
    hostid: r.hostid ?? undefined,
    hostname: host?.name,
    state: r.state,
    agentstate: running ? String(d.agentstate ?? 'Up') : 'Disconnected',
    version: r.version,
    templateid: r.templateid,
    templatename: tpl?.name,
    publicip: running ? (d.publicip as string | undefined) : undefined,
    privateip: running ? (d.privateip as string | undefined) : undefined,
    linklocalip: running ? (d.linklocalip as string | undefined) : undefined,
  };
  // NIC fields of SystemVmResponse (MACs, netmasks): server/infrastructure/nics.ts.
  Object.assign(out, systemVmNicFields(r, d));
  for (const f of PRIVATE_FIELDS) delete out[f];
  if (r.systemvmtype !== 'consoleproxy') delete out.activeviewersessions;
  else {
    const live = sim ? consoleProxyLifecycle.activeSessions(sim, r.id) : undefined;
    out.activeviewersessions = running ? (live ?? (d.activeviewersessions as number | undefined) ?? 0) : 0;
  }
  if (r.jobid) {
    out.jobid = r.jobid;
    const j = db.prepare('SELECT status FROM jobs WHERE id = ?').get(r.jobid) as { status: number } | undefined;
    out.jobstatus = j?.status ?? 0;
  }
  return out;
}

/**
 * The fields of a SystemVmResponse a router has (ApiResponseHelper.createSystemVmResponse sets them for any VM).
 * Not `networkdomain`: SystemVmResponse declares it, but 4.20's createSystemVmResponse never sets it (neither
 * for a router nor for a console proxy or SSVM), so CloudStack's answer leaves it out.
 */
const ROUTER_SYSTEMVM_FIELDS = ['id', 'name', 'state', 'zoneid', 'zonename', 'podid', 'podname', 'hostid', 'hostname', 'hostcontrolstate',
  'hypervisor', 'templateid', 'templatename', 'created', 'publicip', 'publicmacaddress', 'publicnetmask', 'linklocalip',
  'linklocalmacaddress', 'linklocalnetmask', 'gateway', 'dns1', 'dns2', 'serviceofferingid', 'serviceofferingname',
  'arch', 'hasannotations'] as const;

/**
 * A router as a SystemVmResponse (what MigrateSystemVMCmd and ScaleSystemVMCmd answer for a router):
 * ApiResponseHelper.createSystemVmResponse, whose systemvmtype is the VM type lower-cased (`domainrouter`),
 * with only the fields a SystemVmResponse has, read from the router's own answer.
 */
export function routerSystemVmResponse(db: Db, router: RouterRow): Record<string, unknown> {
  const r = routerResponse(router, new RouterNames(db)) as Record<string, unknown>;
  const out: Record<string, unknown> = { systemvmtype: 'domainrouter' };
  for (const k of ROUTER_SYSTEMVM_FIELDS) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

/** Updates a system VM's state columns (and optionally other columns) in one statement. */
export function setSystemVm(
  db: Db,
  id: string,
  fields: Partial<Pick<SystemVmRow, 'state' | 'hostid' | 'podid' | 'templateid' | 'version' | 'jobid'>>,
  data: Record<string, unknown> = {},
): void {
  const sets: string[] = [];
  const args: unknown[] = [];
  for (const [k, v] of Object.entries(fields)) {
    sets.push(`${k} = ?`);
    args.push(v);
  }
  const entries = Object.entries(data);
  if (entries.length) {
    sets.push(`data = json_set(data, ${entries.map(([k]) => `'$.${k}', json(?)`).join(', ')})`);
    for (const [, v] of entries) args.push(JSON.stringify(v ?? null));
  }
  if (sets.length === 0) return;
  db.prepare(`UPDATE systemvms SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
}

/** Human words for the two types, for events and errors. */
export function typeWord(t: string): string {
  return t === 'consoleproxy' ? 'console proxy' : 'secondary storage VM';
}

/** CloudStack's event type prefix of a system VM type. */
export function eventPrefix(t: string): string {
  return t === 'consoleproxy' ? 'PROXY' : 'SSVM';
}
