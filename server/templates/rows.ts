import type { Answer } from '../../src/api/commands';
import type { templateSchema } from '../../src/api/schemas';
import type { Db } from '../db/database';
import { nowDate, readData } from '../db/rows';

/**
 * A template is in one or more zones. Seeded templates are cross-zone and have no per-zone rows: they are in
 * the image store of every zone of their hypervisor (as the system VM templates are seeded), so listTemplates
 * answers them once per such zone, with its `zoneid`, as CloudStack lists a template per zone it is in. A
 * registered or copied template has one row in template_zones per zone, with that zone's status. The view
 * below gives one row per template and zone.
 */
export const TEMPLATE_VIEW = `(SELECT t.rowid AS seq, t.id, t.name, t.hypervisor, t.templatetype, t.version, t.accountid,
    t.ispublic, t.data, t.removed, COALESCE(tz.zoneid, z.id, t.zoneid) AS zoneid, COALESCE(tz.status, t.status) AS status,
    COALESCE(tz.isready, t.isready) AS isready, tz.templateid IS NOT NULL AS perzone
  FROM templates t LEFT JOIN template_zones tz ON tz.templateid = t.id
    LEFT JOIN zones z ON tz.templateid IS NULL AND t.zoneid IS NULL AND z.hypervisor = t.hypervisor) AS tv`;

export interface TemplateViewRow {
  seq: number;
  id: string;
  name: string;
  hypervisor: string;
  templatetype: string;
  version: string | null;
  accountid: string | null;
  ispublic: number;
  data: string;
  removed: string | null;
  zoneid: string | null;
  status: string;
  isready: number;
  perzone: number;
}

export interface SsvmTaskRow {
  id: string;
  kind: 'download' | 'copy';
  zoneid: string;
  ssvmid: string | null;
  templateid: string;
  url: string | null;
  sourcezoneid: string | null;
  jobid: string | null;
  state: 'Queued' | 'Downloading' | 'Completed' | 'Failed' | 'Cancelled';
  bytes: number;
  total: number | null;
  percent: number;
  error: string | null;
  attempts: number;
  created: string;
  updated_ms: number;
  completed: string | null;
}

const DOWNLOAD_STATE: Record<SsvmTaskRow['state'], string> = {
  Queued: 'NOT_DOWNLOADED', Downloading: 'DOWNLOAD_IN_PROGRESS', Completed: 'DOWNLOADED', Failed: 'DOWNLOAD_ERROR',
  Cancelled: 'ABANDONED',
};

/** The zone's secondary storage VM (the one that downloads for it), if the zone has one. */
export function zoneSsvm(db: Db, zoneid: string): { id: string; name: string; state: string } | undefined {
  return db
    .prepare(`SELECT id, name, state FROM systemvms WHERE zoneid = ? AND systemvmtype = 'secondarystoragevm' ORDER BY state = 'Running' DESC, rowid LIMIT 1`)
    .get(zoneid) as { id: string; name: string; state: string } | undefined;
}

/** The latest SSVM task of a template in a zone. */
export function latestTask(db: Db, templateid: string, zoneid: string): SsvmTaskRow | undefined {
  return db
    .prepare('SELECT * FROM ssvm_tasks WHERE templateid = ? AND zoneid = ? ORDER BY created DESC, rowid DESC LIMIT 1')
    .get(templateid, zoneid) as SsvmTaskRow | undefined;
}

/** A template as listTemplates answers it, for one zone (or cross-zone). */
export function templateResponse(db: Db, r: TemplateViewRow): Answer<typeof templateSchema> {
  const d = readData(r);
  const zone = r.zoneid ? (db.prepare('SELECT name FROM zones WHERE id = ?').get(r.zoneid) as { name: string } | undefined) : undefined;
  const out: Answer<typeof templateSchema> = {
    ...d, id: r.id, name: r.name, hypervisor: r.hypervisor, templatetype: r.templatetype, zoneid: r.zoneid ?? undefined,
    zonename: zone?.name, ispublic: r.ispublic === 1, status: r.status, isready: r.isready === 1, accountid: r.accountid ?? undefined,
    removed: r.removed ?? undefined,
  };
  if (r.perzone === 1 && r.zoneid) {
    const task = latestTask(db, r.id, r.zoneid);
    if (task) {
      const ssvm = task.ssvmid ? (db.prepare('SELECT name FROM systemvms WHERE id = ?').get(task.ssvmid) as { name: string } | undefined) : undefined;
      out.downloaddetails = [{
        datastore: `nfs://secondary.${(zone?.name ?? r.zoneid).replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}/export/secondary`,
        downloadPercent: String(task.percent),
        downloadState: DOWNLOAD_STATE[task.state],
        ...(ssvm ? { secondarystoragevm: ssvm.name } : {}),
      }];
    }
  }
  delete out.download;
  return out;
}

/** One template in one zone, or undefined. */
export function templateInZone(db: Db, templateid: string, zoneid: string): TemplateViewRow | undefined {
  return db
    .prepare(`SELECT * FROM ${TEMPLATE_VIEW} WHERE id = ? AND (zoneid = ? OR zoneid IS NULL) AND removed IS NULL`)
    .get(templateid, zoneid) as TemplateViewRow | undefined;
}

/**
 * Sets a template's status in one zone, and keeps the template row's own status and isready (read by code
 * that knows no zones) as a summary: ready when it is ready in some zone.
 */
export function setZoneStatus(db: Db, templateid: string, zoneid: string, status: string, isready: boolean): void {
  db.prepare(
    `INSERT INTO template_zones (templateid, zoneid, status, isready, created) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (templateid, zoneid) DO UPDATE SET status = excluded.status, isready = excluded.isready`,
  ).run(templateid, zoneid, status, isready ? 1 : 0, nowDate());
  syncSummary(db, templateid);
}

export function syncSummary(db: Db, templateid: string): void {
  const rows = db.prepare('SELECT status, isready FROM template_zones WHERE templateid = ? ORDER BY isready DESC, rowid').all(templateid) as {
    status: string; isready: number;
  }[];
  if (rows.length === 0) return;
  db.prepare('UPDATE templates SET status = ?, isready = ? WHERE id = ?').run(rows[0]!.status, rows[0]!.isready, templateid);
}
