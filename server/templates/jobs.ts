import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { JobKind } from '../jobs/runner';
import { accountOwner, downloadsOf } from './downloads';
import { DOWNLOAD_COMPLETE, downloadingStatus } from './formats';
import { setZoneStatus, templateInZone, templateResponse } from './rows';

/** A copy between zones goes in this many steps of COPY_STEP_MS (scaled by the speed factor). */
export const COPY_STEPS = 10;
export const COPY_STEP_MS = 600;

function event(sim: Simulator, templateid: string, type: string, description: string, level: 'INFO' | 'ERROR' = 'INFO'): void {
  const t = sim.db.prepare('SELECT id, name, accountid FROM templates WHERE id = ?').get(templateid) as
    | { id: string; name: string; accountid: string | null }
    | undefined;
  const owner = t?.accountid ? accountOwner(sim, t.accountid) : undefined;
  if (!t || !owner) return;
  recordEvent(sim.db, { type, level, description, owner: ownerOf(sim.db, owner), resourceid: t.id, resourcetype: 'Template', resourcename: t.name });
}

/**
 * copyTemplate: the destination zone's secondary storage VM copies the template from the source zone's
 * secondary storage, in steps; each step is a transaction of the persistent job, so progress survives a
 * restart. deleteTemplate: removes the template from one zone or from all (then it is marked removed).
 */
export function templateJobKinds(sim: Simulator): Record<string, JobKind> {
  const tasksOf = (jobid: string) =>
    sim.db.prepare(`SELECT id, zoneid FROM ssvm_tasks WHERE jobid = ? AND kind = 'copy'`).all(jobid) as { id: string; zoneid: string }[];

  const copy: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.template.CopyTemplateCmd',
    instancetype: 'Template',
    step(job, _payload, step) {
      const templateid = job.instanceid!;
      const t = sim.db.prepare('SELECT name, removed FROM templates WHERE id = ?').get(templateid) as { name: string; removed: string | null } | undefined;
      if (!t || t.removed) return { fail: { code: 431, text: `Template ${templateid} was deleted while it was being copied` } };
      const tasks = tasksOf(job.id).filter((x) => {
        const state = (sim.db.prepare('SELECT state FROM ssvm_tasks WHERE id = ?').get(x.id) as { state: string }).state;
        return state === 'Downloading' || state === 'Queued';
      });
      if (tasks.length === 0) return { fail: { code: 530, text: `The copy of template ${t.name} was cancelled` } };
      const percent = Math.min(100, Math.round((step * 100) / COPY_STEPS));
      if (step < COPY_STEPS) {
        for (const task of tasks) {
          sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Downloading', percent = ?, updated_ms = ? WHERE id = ?`).run(percent, Date.now(), task.id);
          setZoneStatus(sim.db, templateid, task.zoneid, downloadingStatus(percent), false);
        }
        return { next: COPY_STEP_MS };
      }
      const size = Number((sim.db.prepare(`SELECT json_extract(data, '$.size') AS s FROM templates WHERE id = ?`).get(templateid) as { s: number | null }).s ?? 0);
      for (const task of tasks) {
        sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Completed', percent = 100, bytes = ?, total = ?, completed = ?, updated_ms = ? WHERE id = ?`)
          .run(size, size, nowDate(), Date.now(), task.id);
        setZoneStatus(sim.db, templateid, task.zoneid, DOWNLOAD_COMPLETE, true);
      }
      const zones = tasks.map((x) => (sim.db.prepare('SELECT name FROM zones WHERE id = ?').get(x.zoneid) as { name: string }).name);
      event(sim, templateid, 'TEMPLATE.COPY', `Copied template ${t.name} to ${zones.join(', ')}`);
      const row = templateInZone(sim.db, templateid, tasks[0]!.zoneid)!;
      return { done: { template: templateResponse(sim.db, row) } };
    },
    onFail(job, _payload, text) {
      const templateid = job.instanceid!;
      for (const task of tasksOf(job.id)) {
        const changed = sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Failed', error = ?, completed = ?, updated_ms = ? WHERE id = ? AND state IN ('Queued', 'Downloading')`)
          .run(text, nowDate(), Date.now(), task.id).changes;
        if (changed && sim.db.prepare('SELECT 1 FROM template_zones WHERE templateid = ? AND zoneid = ?').get(templateid, task.zoneid)) {
          setZoneStatus(sim.db, templateid, task.zoneid, `Failed to copy: ${text}`, false);
        }
      }
      event(sim, templateid, 'TEMPLATE.COPY', `Failed to copy template: ${text}`, 'ERROR');
    },
  };

  const remove: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.template.DeleteTemplateCmd',
    instancetype: 'Template',
    step(job, payload, step) {
      const templateid = job.instanceid!;
      const zoneid = payload.zoneid as string | undefined;
      const t = sim.db.prepare('SELECT name, removed FROM templates WHERE id = ?').get(templateid) as { name: string; removed: string | null } | undefined;
      if (!t || t.removed) return { done: { success: true } };
      if (step === 0) {
        downloadsOf(sim).cancel(templateid, zoneid);
        sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Cancelled', completed = ? WHERE templateid = ? AND (? IS NULL OR zoneid = ?) AND state IN ('Queued', 'Downloading')`)
          .run(nowDate(), templateid, zoneid ?? null, zoneid ?? null);
        return { next: 400 };
      }
      sim.db.prepare('DELETE FROM template_zones WHERE templateid = ? AND (? IS NULL OR zoneid = ?)').run(templateid, zoneid ?? null, zoneid ?? null);
      const left = (sim.db.prepare('SELECT COUNT(*) AS n FROM template_zones WHERE templateid = ?').get(templateid) as { n: number }).n;
      if (left === 0) {
        sim.db.prepare(`UPDATE templates SET removed = ?, isready = 0, status = 'Deleted' WHERE id = ?`).run(nowDate(), templateid);
      }
      const where = zoneid ? ` from zone ${(sim.db.prepare('SELECT name FROM zones WHERE id = ?').get(zoneid) as { name: string } | undefined)?.name ?? zoneid}` : '';
      event(sim, templateid, 'TEMPLATE.DELETE', `Deleted template ${t.name}${where}`);
      return { done: { success: true } };
    },
  };
  return { 'template.copy': copy, 'template.delete': remove };
}
