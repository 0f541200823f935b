import type { Template } from '../../api/schemas';

/** One background task of a secondary storage VM: a template download or copy into a zone. */
export interface SsvmTask {
  key: string;
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
        key: `${t.id}|${t.zoneid ?? ''}|${i}`, templateid: t.id, templatename: t.name, zoneid: t.zoneid ?? '', zonename: t.zonename ?? t.zoneid ?? '',
        ssvm: d.secondarystoragevm, percent, state, status: t.status,
      });
    });
  }
  const rank = (s: SsvmTask) => (s.state === 'In progress' ? 0 : s.state === 'Queued' ? 1 : s.state === 'Failed' ? 2 : 3);
  return out.sort((a, b) => rank(a) - rank(b) || a.zonename.localeCompare(b.zonename) || a.templatename.localeCompare(b.templatename));
}

/** Tasks per SSVM name, for the count shown on each row. */
export function tasksPerSsvm(tasks: readonly SsvmTask[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tasks) if (t.ssvm && (t.state === 'In progress' || t.state === 'Queued')) m.set(t.ssvm, (m.get(t.ssvm) ?? 0) + 1);
  return m;
}
