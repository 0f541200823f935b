import { z } from 'zod';
import { command } from '../api/registry';
import { listParams, P } from '../api/params';
import { addEq, addKeyword, emptyFilter, queryPage } from '../api/listing';
import type { Db } from '../db/database';
import { readData } from '../db/rows';

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

export function systemVmResponse(db: Db, r: SystemVmRow): Record<string, unknown> {
  const d = readData(r);
  const host = r.hostid ? (db.prepare('SELECT name FROM hosts WHERE id = ?').get(r.hostid) as { name: string } | undefined) : undefined;
  const tpl = db.prepare('SELECT name FROM templates WHERE id = ?').get(r.templateid) as { name: string } | undefined;
  const running = r.state === 'Running';
  const out: Record<string, unknown> = {
    ...d,
    id: r.id,
    name: r.name,
    systemvmtype: r.systemvmtype,
    zoneid: r.zoneid,
    podid: r.podid,
    hostid: r.hostid ?? undefined,
    hostname: host?.name,
    state: r.state,
    agentstate: running ? (d.agentstate ?? 'Up') : 'Disconnected',
    version: r.version,
    templateid: r.templateid,
    templatename: tpl?.name,
    publicip: running ? d.publicip : undefined,
    privateip: running ? d.privateip : undefined,
    linklocalip: running ? d.linklocalip : undefined,
  };
  if (r.systemvmtype !== 'consoleproxy') delete out.activeviewersessions;
  if (r.jobid) {
    out.jobid = r.jobid;
    out.jobstatus = 0;
  }
  return out;
}

export const listSystemVms = command({
  name: 'listSystemVms',
  access: 'root',
  params: z.object({ ...listParams, id: P.id().optional(), name: P.str().optional(), zoneid: P.id().optional(),
    podid: P.id().optional(), hostid: P.id().optional(), state: P.str().optional(),
    systemvmtype: P.oneOf(['consoleproxy', 'secondarystoragevm'] as const).optional(), storageid: P.id().optional() }),
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEq(f, 'id', p.id);
    addEq(f, 'name', p.name);
    addEq(f, 'zoneid', p.zoneid);
    addEq(f, 'podid', p.podid);
    addEq(f, 'hostid', p.hostid);
    addEq(f, 'systemvmtype', p.systemvmtype);
    if (p.state) {
      f.where.push('lower(state) = lower(?)');
      f.args.push(p.state);
    }
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<SystemVmRow>(sim.db, sim, 'systemvms', f, p, 'rowid');
    return { count, items: rows.map((r) => systemVmResponse(sim.db, r)) };
  },
});

export const systemVmCommands = [listSystemVms];
