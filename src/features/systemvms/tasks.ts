import type { AsyncJob, Template, VirtualMachine } from '../../api/schemas';

/** One background task of a secondary storage VM: a template download or copy into a zone, or a snapshot backup. */
export interface SsvmTask {
  key: string;
  kind: 'Template' | 'Snapshot backup';
  /** The template, or for a snapshot backup its VM (the name shown). */
  templateid: string;
  templatename: string;
  zoneid: string;
  zonename: string;
  ssvm?: string;
  percent: number;
  state: 'Queued' | 'In progress' | 'Completed' | 'Failed' | 'Cancelled';
  status?: string;
}

const STATES: Record<string, SsvmTask['state']> = {
  NOT_DOWNLOADED: 'Queued',
  DOWNLOAD_IN_PROGRESS: 'In progress',
  DOWNLOADED: 'Completed',
  DOWNLOAD_ERROR: 'Failed',
  ABANDONED: 'Cancelled',
};

interface DownloadDetail {
  downloadPercent?: string | number;
  downloadState?: string;
  secondarystoragevm?: string;
}

/**
 * The SSVM tasks as listTemplates shows them: each template in each zone with its downloaddetails (the
 * percent, the state and the secondary storage VM doing the work). Unfinished ones first.
 */
export function ssvmTasksFrom(templates: readonly Template[], opts: { includeFinished?: boolean } = {}): SsvmTask[] {
  const out: SsvmTask[] = [];
  for (const t of templates) {
    const details = (t as Record<string, unknown>).downloaddetails;
    if (!Array.isArray(details)) continue;
    details.forEach((raw, i) => {
      const d = raw as DownloadDetail;
      const state = STATES[String(d.downloadState ?? '')] ?? 'In progress';
      if (!opts.includeFinished && (state === 'Completed' || state === 'Cancelled')) return;
      const percent = Math.max(0, Math.min(100, Number(d.downloadPercent ?? 0) || 0));
      out.push({
        key: `${t.id}|${t.zoneid ?? ''}|${i}`, kind: 'Template', templateid: t.id, templatename: t.name, zoneid: t.zoneid ?? '', zonename: t.zonename ?? t.zoneid ?? '',
        ssvm: d.secondarystoragevm, percent, state, status: t.status,
      });
    });
  }
  const rank = (s: SsvmTask) => (s.state === 'In progress' ? 0 : s.state === 'Queued' ? 1 : s.state === 'Failed' ? 2 : 3);
  return out.sort((a, b) => rank(a) - rank(b) || a.zonename.localeCompare(b.zonename) || a.templatename.localeCompare(b.templatename));
}

/**
 * Snapshot backups in progress, from the caller's pending jobs (listAsyncJobs): CreateSnapshotCmd jobs on a
 * VM, whose jobprocstatus is the percent copied to secondary storage. `vms` names the VMs and their zones.
 */
export function snapshotTasksFrom(jobs: readonly AsyncJob[], vms: ReadonlyMap<string, Pick<VirtualMachine, 'name' | 'zoneid' | 'zonename'>>): SsvmTask[] {
  return jobs
    .filter((j) => j.jobstatus === 0 && /\.CreateSnapshotCmd$/.test(j.cmd ?? '') && j.jobinstanceid)
    .map((j) => {
      const vm = vms.get(j.jobinstanceid!);
      return {
        key: `snapshot|${j.jobid}`,
        kind: 'Snapshot backup' as const,
        templateid: j.jobinstanceid!,
        templatename: vm?.name ?? j.jobinstanceid!,
        zoneid: vm?.zoneid ?? '',
        zonename: vm?.zonename ?? vm?.zoneid ?? '',
        percent: Math.max(0, Math.min(100, j.jobprocstatus ?? 0)),
        state: 'In progress' as const,
      };
    })
    .sort((a, b) => a.zonename.localeCompare(b.zonename) || a.templatename.localeCompare(b.templatename));
}

/** Tasks per SSVM name, for the count shown on each row. */
export function tasksPerSsvm(tasks: readonly SsvmTask[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tasks) if (t.ssvm && (t.state === 'In progress' || t.state === 'Queued')) m.set(t.ssvm, (m.get(t.ssvm) ?? 0) + 1);
  return m;
}
