import { randomUUID } from 'node:crypto';
import { command } from '../api/registry';
import { addEq, addEqIgnoringCase, addEqs, addFlag, addIn, addKeyword, emptyFilter, queryPage } from '../api/listing';
import { checkAccess } from '../api/access';
import { ApiError, notFound, notPermitted, paramError } from '../api/errors';
import type { Caller, Simulator } from '../api/context';
import { nowDate, readData } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import { CURRENT_SYSTEMVM_VERSION } from '../seed/versions';
import { downloadsOf } from './downloads';
import { canonicalHypervisor, checkFormat, checkTemplateUrl, isInternalHost, parseChecksum, systemVmVersionOf } from './formats';
import { setZoneStatus, TEMPLATE_VIEW, templateResponse, type TemplateViewRow } from './rows';


export const listTemplates = command({
  name: 'listTemplates',
  access: 'user',
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
    if (!p.showremoved) f.where.push('removed IS NULL');
    addEqs(f, p, ['id', 'name']);
    addIn(f, 'id', p.ids);
    if (p.zoneid) {
      f.where.push('(zoneid IS NULL OR zoneid = ?)');
      f.args.push(p.zoneid);
    }
    addEqIgnoringCase(f, 'hypervisor', p.hypervisor);
    addEq(f, 'templatetype', p.templatetype);
    addFlag(f, 'isready', p.isready);
    addKeyword(f, ['name'], p.keyword);
    if (p.showunique) f.where.push('(perzone = 0 OR zoneid = (SELECT MIN(zoneid) FROM template_zones WHERE templateid = tv.id))');
    const { count, rows } = queryPage<TemplateViewRow>(sim.db, sim, TEMPLATE_VIEW, f, p, 'seq, zoneid');
    return { count, items: rows.map((r) => templateResponse(sim.db, r)) };
  },
});

function zonesFor(sim: Simulator, p: { zoneid?: string; zoneids?: string }): { all: boolean; zoneids: string[] } {
  const given = p.zoneids ?? p.zoneid;
  if (given === undefined || given.trim() === '') throw paramError('Unable to execute API command registertemplate due to missing parameter zoneid (or zoneids; -1 for all zones)');
  const list = given.split(',').map((z) => z.trim()).filter(Boolean);
  const allZones = (sim.db.prepare('SELECT id FROM zones ORDER BY rowid').all() as { id: string }[]).map((z) => z.id);
  if (list.includes('-1')) {
    if (list.length > 1) throw paramError('zoneids: -1 (all zones) cannot be combined with other zones');
    return { all: true, zoneids: allZones };
  }
  for (const z of list) {
    if (!/^[0-9a-f-]{36}$/i.test(z)) throw paramError(`Unable to execute API command registertemplate due to invalid value. Invalid parameter zoneid${p.zoneids ? 's' : ''} value=${z}: is not a valid UUID`);
    if (!allZones.includes(z)) throw paramError(`Unable to find zone by id ${z}`);
  }
  return { all: false, zoneids: [...new Set(list)] };
}


export const registerTemplate = command({
  name: 'registerTemplate',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    if (p.name.trim() === '') throw paramError('Unable to execute API command registertemplate due to missing parameter name');
    const hypervisor = canonicalHypervisor(p.hypervisor);
    if (!hypervisor) throw paramError(`Invalid parameter hypervisor value=${p.hypervisor}: this management server knows ${['KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'Ovm3'].join(', ')}`);
    const format = p.format.toUpperCase();
    const formatProblem = checkFormat(hypervisor, format);
    if (formatProblem) throw paramError(`Invalid parameter format value=${p.format}: ${formatProblem}`);
    const urlProblem = checkTemplateUrl(p.url, format);
    if (urlProblem) throw paramError(`Invalid parameter url: ${urlProblem}`);
    if (p.checksum) {
      const c = parseChecksum(p.checksum);
      if (typeof c === 'string') throw paramError(`Invalid parameter checksum value=${p.checksum.slice(0, 64)}: ${c}`);
    }
    let templatetype: string = p.templatetype ?? 'USER';
    if (p.isrouting) templatetype = 'ROUTING';
    if ((templatetype === 'ROUTING' || templatetype === 'SYSTEM') && caller.accounttype !== 1) {
      throw notPermitted(`Parameter ${p.isrouting ? 'isrouting' : 'templatetype'} can only be specified by a Root Admin, permission denied`);
    }
    if (p.isfeatured && caller.accounttype !== 1) throw notPermitted('Only the root admin can register featured templates');
    if (caller.accounttype !== 1 && isInternalHost(p.url)) throw paramError(`Invalid parameter url: illegal host specified in url ${p.url} (a loopback, link-local or private address)`);
    const { all, zoneids } = zonesFor(sim, p);
    const id = randomUUID();
    const owner = sim.db.prepare('SELECT id, name, domainid, domainpath FROM accounts WHERE id = ?').get(caller.accountid) as {
      id: string; name: string; domainid: string; domainpath: string;
    };
    const system = templatetype === 'ROUTING' || templatetype === 'SYSTEM';
    const version = system ? systemVmVersionOf(p.url, CURRENT_SYSTEMVM_VERSION) : null;
    const data = {
      displaytext: p.displaytext, format, account: owner.name, domain: caller.domain, domainid: owner.domainid, domainpath: owner.domainpath,
      ispublic: p.ispublic ?? false, isfeatured: p.isfeatured ?? false, isextractable: p.isextractable ?? false,
      passwordenabled: p.passwordenabled ?? false, requireshvm: p.requireshvm ?? true, sshkeyenabled: p.sshkeyenabled ?? false,
      isdynamicallyscalable: p.isdynamicallyscalable ?? false, crossZones: all, created: nowDate(), bootable: true,
      url: p.url, checksum: p.checksum, templatetag: p.templatetag, bits: p.bits ?? 64, arch: p.arch ?? 'x86_64',
      directdownload: p.directdownload ?? false, deployasis: p.deployasis ?? false, ostypeid: p.ostypeid,
      ostypename: system ? 'Debian GNU/Linux 12 (64-bit)' : undefined,
    };
    sim.db.transaction(() => {
      sim.db.prepare(
        `INSERT INTO templates (id, name, hypervisor, templatetype, zoneid, version, accountid, ispublic, status, isready, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      ).run(id, p.name, hypervisor, templatetype, all ? null : zoneids[0]!, version, owner.id, p.ispublic ? 1 : 0, 'Download pending', JSON.stringify(data));
      for (const z of zoneids) {
        setZoneStatus(sim.db, id, z, 'Download pending', false);
        sim.db.prepare(
          `INSERT INTO ssvm_tasks (id, kind, zoneid, templateid, url, state, created, updated_ms) VALUES (?, 'download', ?, ?, ?, 'Queued', ?, ?)`,
        ).run(randomUUID(), z, id, p.url, nowDate(), Date.now());
      }
      recordEvent(sim.db, { type: 'TEMPLATE.CREATE', description: `Registered ${templatetype.toLowerCase()} template ${p.name} (${hypervisor}, ${format}) from ${p.url} in ${all ? 'all zones' : `${zoneids.length} zone(s)`}`,
        owner: ownerOf(sim.db, { accountid: owner.id, account: owner.name, domainid: owner.domainid, domainpath: owner.domainpath }),
        resourceid: id, resourcetype: 'Template', resourcename: p.name });
    })();
    const downloads = downloadsOf(sim);
    for (const t of sim.db.prepare(`SELECT id FROM ssvm_tasks WHERE templateid = ? ORDER BY rowid`).all(id) as { id: string }[]) downloads.enqueue(t.id);
    const rows = sim.db.prepare(`SELECT * FROM ${TEMPLATE_VIEW} WHERE id = ? ORDER BY zoneid`).all(id) as TemplateViewRow[];
    return { count: rows.length, items: rows.map((r) => templateResponse(sim.db, r)) };
  },
});

interface TemplateBase { id: string; name: string; accountid: string | null; templatetype: string; removed: string | null; data: string }

function templateFor(sim: Simulator, caller: Caller, id: string): TemplateBase {
  const t = sim.db.prepare('SELECT id, name, accountid, templatetype, removed, data FROM templates WHERE id = ?').get(id) as TemplateBase | undefined;
  if (!t || t.removed) throw notFound('template', id);
  if (caller.accounttype !== 1) {
    const owner = t.accountid ? (sim.db.prepare('SELECT id AS accountid, domainpath FROM accounts WHERE id = ?').get(t.accountid) as { accountid: string; domainpath: string } | undefined) : undefined;
    if (!owner) throw notPermitted(`Account ${caller.account} does not have permission to operate on template ${t.name}`);
    checkAccess(caller, owner, `template ${t.name}`);
  }
  return t;
}

function zoneName(sim: Simulator, zoneid: string): string {
  const z = sim.db.prepare('SELECT name FROM zones WHERE id = ?').get(zoneid) as { name: string } | undefined;
  if (!z) throw paramError(`Unable to find zone by id ${zoneid}`);
  return z.name;
}

export const copyTemplate = command({
  name: 'copyTemplate',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const t = templateFor(sim, caller, p.id);
    const dest = [...new Set([...(p.destzoneids ?? []), ...(p.destzoneid ? [p.destzoneid] : [])])];
    if (dest.length === 0) throw paramError('Unable to execute API command copytemplate due to missing parameter destzoneid (or destzoneids)');
    const zones = sim.db.prepare('SELECT zoneid, status, isready FROM template_zones WHERE templateid = ? ORDER BY rowid').all(t.id) as {
      zoneid: string; status: string; isready: number;
    }[];
    if (zones.length === 0 || readData(t).crossZones === true) {
      throw paramError(`Template ${t.name} is a cross-zone template: it is available in every zone already`);
    }
    const source = p.sourcezoneid ? zones.find((z) => z.zoneid === p.sourcezoneid) : zones.find((z) => z.isready === 1);
    if (p.sourcezoneid && !source) throw paramError(`Template ${t.name} is not in the source zone ${zoneName(sim, p.sourcezoneid)}`);
    if (!source || source.isready !== 1) {
      throw paramError(`Template ${t.name} is not ready in ${source ? `zone ${zoneName(sim, source.zoneid)} (${source.status})` : 'any zone'}; it can be copied once its download is complete`);
    }
    for (const z of dest) {
      const name = zoneName(sim, z);
      if (z === source.zoneid) throw paramError(`The source and destination zones of template ${t.name} are the same (${name})`);
      const there = zones.find((x) => x.zoneid === z);
      if (there && !there.status.startsWith('Failed')) throw paramError(`Template ${t.name} is already in zone ${name} (${there.status})`);
    }
    let jobid = '';
    sim.db.transaction(() => {
      jobid = sim.jobs.submit({ kind: 'template.copy', caller, instanceid: t.id, payload: { sourcezoneid: source.zoneid, destzoneids: dest } });
      for (const z of dest) {
        setZoneStatus(sim.db, t.id, z, 'Copy pending', false);
        const ssvm = sim.db.prepare(`SELECT id FROM systemvms WHERE zoneid = ? AND systemvmtype = 'secondarystoragevm' ORDER BY rowid LIMIT 1`).get(z) as { id: string } | undefined;
        sim.db.prepare(
          `INSERT INTO ssvm_tasks (id, kind, zoneid, ssvmid, templateid, sourcezoneid, jobid, state, created, updated_ms)
           VALUES (?, 'copy', ?, ?, ?, ?, ?, 'Queued', ?, ?)`,
        ).run(randomUUID(), z, ssvm?.id ?? null, t.id, source.zoneid, jobid, nowDate(), Date.now());
      }
    })();
    return { jobid, id: t.id };
  },
});

export const deleteTemplate = command({
  name: 'deleteTemplate',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const t = templateFor(sim, caller, p.id);
    if (t.templatetype === 'SYSTEM') throw paramError(`Template ${t.name} is the system VM template of its hypervisor and cannot be deleted`);
    if (p.zoneid) {
      zoneName(sim, p.zoneid);
      const perZone = sim.db.prepare('SELECT 1 FROM template_zones WHERE templateid = ?').get(t.id);
      if (perZone && !sim.db.prepare('SELECT 1 FROM template_zones WHERE templateid = ? AND zoneid = ?').get(t.id, p.zoneid)) {
        throw paramError(`Template ${t.name} is not in zone ${zoneName(sim, p.zoneid)}`);
      }
    }
    if (!p.forced) {
      const users = sim.db.prepare(
        `SELECT name FROM routers WHERE templateid = @id AND (@zone IS NULL OR zoneid = @zone)
         UNION ALL SELECT name FROM systemvms WHERE templateid = @id AND (@zone IS NULL OR zoneid = @zone)
         UNION ALL SELECT name FROM vms WHERE json_extract(data, '$.templateid') = @id AND (@zone IS NULL OR zoneid = @zone) LIMIT 6`,
      ).all({ id: t.id, zone: p.zoneid ?? null }) as { name: string }[];
      if (users.length > 0) {
        throw new ApiError(431, `Template ${t.name} is used by virtual machines (${users.slice(0, 5).map((u) => u.name).join(', ')}${users.length > 5 ? ', …' : ''}); set forced=true to delete it anyway`);
      }
    }
    const jobid = sim.jobs.submit({ kind: 'template.delete', caller, instanceid: t.id, payload: { zoneid: p.zoneid } });
    return { jobid };
  },
});

interface OfferingRow { id: string; name: string; issystem: number; systemvmtype: string | null; data: string }

export const listServiceOfferings = command({
  name: 'listServiceOfferings',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name']);
    if (p.issystem !== undefined || caller.accounttype !== 1) addEq(f, 'issystem', caller.accounttype !== 1 ? 0 : p.issystem ? 1 : 0);
    addEq(f, 'systemvmtype', p.systemvmtype);
    addKeyword(f, ['name'], p.keyword);
    if (caller.accounttype !== 1) {
      // QueryManagerImpl.searchForServiceOfferingsInternal: public offerings, and those of the caller's domain or
      // its parents; a domain admin also sees those of its subdomains.
      f.where.push(`(json_extract(data, '$.domainid') IS NULL OR EXISTS (SELECT 1 FROM domains d
        WHERE instr(',' || json_extract(serviceofferings.data, '$.domainid') || ',', ',' || d.id || ',') > 0
          AND (? LIKE d.path || '%' ${caller.accounttype === 2 ? "OR d.path LIKE ? || '%'" : ''})))`);
      f.args.push(caller.domainpath);
      if (caller.accounttype === 2) f.args.push(caller.domainpath);
    }
    const { count, rows } = queryPage<OfferingRow>(sim.db, sim, 'serviceofferings', f, p, 'rowid');
    return {
      count,
      items: rows.map((r) => ({ ...readData(r), id: r.id, name: r.name, issystem: r.issystem === 1, systemvmtype: r.systemvmtype ?? undefined })),
    };
  },
});

export const templateCommands = [listTemplates, registerTemplate, copyTemplate, deleteTemplate, listServiceOfferings];
