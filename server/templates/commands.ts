import { z } from 'zod';
import { command } from '../api/registry';
import { listParams, ownerParams, P } from '../api/params';
import { addEq, addKeyword, emptyFilter, queryPage } from '../api/listing';
import type { Db } from '../db/database';
import { readData } from '../db/rows';

export interface TemplateRow {
  id: string; name: string; hypervisor: string; templatetype: string; zoneid: string | null; version: string | null;
  accountid: string | null; ispublic: number; status: string; isready: number; data: string;
}

export function templateResponse(db: Db, r: TemplateRow): Record<string, unknown> {
  const d = readData(r);
  const zone = r.zoneid ? (db.prepare('SELECT name FROM zones WHERE id = ?').get(r.zoneid) as { name: string } | undefined) : undefined;
  const out: Record<string, unknown> = {
    ...d, id: r.id, name: r.name, hypervisor: r.hypervisor, templatetype: r.templatetype, zoneid: r.zoneid ?? undefined,
    zonename: zone?.name, ispublic: r.ispublic === 1, status: r.status, isready: r.isready === 1, accountid: r.accountid ?? undefined,
  };
  delete out.download;
  return out;
}

const FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;

export const listTemplates = command({
  name: 'listTemplates',
  access: 'user',
  params: z.object({ ...listParams, ...ownerParams, templatefilter: P.oneOf(FILTERS), id: P.id().optional(), ids: P.ids().optional(),
    name: P.str().optional(), zoneid: P.id().optional(), hypervisor: P.str().optional(), templatetype: P.str().optional(),
    isready: P.bool().optional(), showremoved: P.bool().optional() }),
  handle: ({ sim, caller }, p) => {
    const f = emptyFilter();
    const filter = p.templatefilter;
    if (filter === 'featured') f.where.push(`json_extract(data, '$.isfeatured') = 1`);
    else if (filter === 'self' || filter === 'selfexecutable') {
      f.where.push('accountid = ?');
      f.args.push(caller.accountid);
    } else if (filter === 'community') f.where.push(`ispublic = 1 AND IFNULL(json_extract(data, '$.isfeatured'), 0) = 0`);
    else if (filter === 'executable' || filter === 'sharedexecutable') {
      f.where.push('(ispublic = 1 OR accountid = ?)');
      f.args.push(caller.accountid);
    } else if (caller.accounttype !== 1) {
      // "all" is everything only for the root admin; others see public templates and their own.
      f.where.push('(ispublic = 1 OR accountid = ?)');
      f.args.push(caller.accountid);
    }
    if (filter.endsWith('executable')) f.where.push('isready = 1');
    if (caller.accounttype !== 1) f.where.push(`templatetype NOT IN ('SYSTEM', 'ROUTING')`);
    addEq(f, 'id', p.id);
    addEq(f, 'name', p.name);
    if (p.ids) {
      f.where.push(`id IN (${p.ids.map(() => '?').join(',')})`);
      f.args.push(...p.ids);
    }
    if (p.zoneid) {
      f.where.push('(zoneid IS NULL OR zoneid = ?)');
      f.args.push(p.zoneid);
    }
    if (p.hypervisor) {
      f.where.push('lower(hypervisor) = lower(?)');
      f.args.push(p.hypervisor);
    }
    addEq(f, 'templatetype', p.templatetype);
    if (p.isready !== undefined) addEq(f, 'isready', p.isready ? 1 : 0);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<TemplateRow>(sim.db, sim, 'templates', f, p, 'rowid');
    return { count, items: rows.map((r) => templateResponse(sim.db, r)) };
  },
});

interface OfferingRow { id: string; name: string; issystem: number; systemvmtype: string | null; data: string }

export const listServiceOfferings = command({
  name: 'listServiceOfferings',
  access: 'user',
  params: z.object({ ...listParams, id: P.id().optional(), name: P.str().optional(), issystem: P.bool().optional(),
    systemvmtype: P.oneOf(['domainrouter', 'consoleproxy', 'secondarystoragevm'] as const).optional(),
    virtualmachineid: P.id().optional(), zoneid: P.id().optional() }),
  handle: ({ sim, caller }, p) => {
    const f = emptyFilter();
    addEq(f, 'id', p.id);
    addEq(f, 'name', p.name);
    if (p.issystem !== undefined || caller.accounttype !== 1) addEq(f, 'issystem', caller.accounttype !== 1 ? 0 : p.issystem ? 1 : 0);
    addEq(f, 'systemvmtype', p.systemvmtype);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<OfferingRow>(sim.db, sim, 'serviceofferings', f, p, 'rowid');
    return {
      count,
      items: rows.map((r) => ({ ...readData(r), id: r.id, name: r.name, issystem: r.issystem === 1, systemvmtype: r.systemvmtype ?? undefined })),
    };
  },
});

export const templateCommands = [listTemplates, listServiceOfferings];
