import { command } from '../api/registry';
import { addEq, addEqs, addKeyword, dataField, emptyFilter, queryPage } from '../api/listing';
import { ownerFilter } from '../api/access';
import { paramError } from '../api/errors';
import { readData } from '../db/rows';

interface EventRow { id: string; seq: number; type: string; level: string; state: string; description: string;
  accountid: string; domainpath: string; resourceid: string | null; created: string; data: string }

function parseDate(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(v);
  if (!m) throw paramError(`Unable to execute API command listevents due to invalid value. Invalid parameter ${name} value=${v}: must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`);
  return `${m[1]}T${m[2] ?? '00:00:00'}`;
}

export const listEvents = command({
  name: 'listEvents',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    addEqs(f, p, ['id', 'type', 'level', 'state', 'resourceid']);
    addEq(f, dataField('resourcetype'), p.resourcetype);
    const start = parseDate('startdate', p.startdate);
    const end = parseDate('enddate', p.enddate);
    if (start) { f.where.push('substr(created, 1, 19) >= ?'); f.args.push(start); }
    if (end) { f.where.push('substr(created, 1, 19) <= ?'); f.args.push(end.endsWith('00:00:00') ? end.replace('00:00:00', '23:59:59') : end); }
    addKeyword(f, ['description', 'type'], p.keyword);
    const { count, rows } = queryPage<EventRow>(sim.db, sim, 'events', f, p, 'seq DESC');
    return {
      count,
      items: rows.map((r) => ({ ...readData(r), id: r.id, type: r.type, level: r.level, state: r.state, description: r.description,
        resourceid: r.resourceid ?? undefined, created: r.created })),
    };
  },
});

interface AlertRow { id: string; seq: number; type: number; name: string; description: string; sent: string }

export const listAlerts = command({
  name: 'listAlerts',
  access: 'root',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'type', 'name']);
    addKeyword(f, ['description'], p.keyword);
    const { count, rows } = queryPage<AlertRow>(sim.db, sim, 'alerts', f, p, 'seq DESC');
    return { count, items: rows.map((r) => ({ id: r.id, type: r.type, name: r.name, description: r.description, sent: r.sent })) };
  },
});

export const eventCommands = [listEvents, listAlerts];
