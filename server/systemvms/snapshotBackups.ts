import { randomUUID } from 'node:crypto';
import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { JobKind } from '../jobs/runner';

/** How often (ms at speed 1) the scheduler starts a snapshot backup, as a recurring snapshot policy would. */
export const SNAPSHOT_BACKUP_INTERVAL_MS = 90_000;
/** The simulated transfer rate from primary to secondary storage, bytes per second at speed 1. */
export const SNAPSHOT_BACKUP_RATE = 200 * 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

interface BackupPayload extends Record<string, unknown> {
  taskid: string;
}

interface TaskRow {
  id: string;
  zoneid: string;
  ssvmid: string | null;
  vmid: string;
  state: string;
  total: number;
}

/** The size of the n-th snapshot (0-based) of a VM: 1 to 16 GiB, the same for the same VM and n. */
export function snapshotSize(vmid: string, n: number): number {
  let h = 2166136261;
  for (const c of `${vmid}#${n}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return (1 + (h % 16)) * GIB;
}

/**
 * Volume snapshots of guest VMs backed up to secondary storage by the zone's secondary storage VM. Each
 * backup is a row of ssvm_tasks (kind 'snapshot', counted as the SSVM's load by the VMware scaler) driven
 * by a persistent job (CreateSnapshotCmd, on the VM), one percent per step: progress is saved at each step,
 * the job's jobprocstatus is the percent, and a restart resumes the backup where it was.
 */
export class SnapshotBackups {
  constructor(private readonly sim: Simulator) {}

  /**
   * Starts the next backup, deterministically: the running guest VMs (in zones whose SSVM runs) in order,
   * each in turn after the VM of the latest backup. Answers the task id, or undefined when there is none to start.
   */
  tick(): string | undefined {
    const db = this.sim.db;
    return db.transaction(() => {
      const candidates = db.prepare(`SELECT v.rowid AS seq, v.id, v.name, v.zoneid, v.accountid, s.id AS ssvmid FROM vms v
        JOIN systemvms s ON s.id = (SELECT id FROM systemvms WHERE zoneid = v.zoneid AND systemvmtype = 'secondarystoragevm'
          AND state = 'Running' ORDER BY rowid LIMIT 1)
        WHERE v.state = 'Running' AND NOT EXISTS (SELECT 1 FROM ssvm_tasks k WHERE k.vmid = v.id AND k.state IN ('Queued', 'Downloading'))
        ORDER BY v.rowid`).all() as { seq: number; id: string; name: string; zoneid: string; accountid: string; ssvmid: string }[];
      if (candidates.length === 0) return undefined;
      const last = db.prepare(`SELECT v.rowid AS seq FROM ssvm_tasks k JOIN vms v ON v.id = k.vmid WHERE k.kind = 'snapshot'
        ORDER BY k.rowid DESC LIMIT 1`).get() as { seq: number } | undefined;
      const vm = candidates.find((c) => !last || c.seq > last.seq) ?? candidates[0]!;
      const user = db.prepare(`SELECT u.id AS userid, a.id AS accountid, a.domainpath FROM users u JOIN accounts a ON a.id = u.accountid
        WHERE a.id = ? ORDER BY u.rowid LIMIT 1`).get(vm.accountid) as { userid: string; accountid: string; domainpath: string } | undefined;
      if (!user) return undefined;
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM ssvm_tasks WHERE kind = 'snapshot' AND vmid = ?`).get(vm.id) as { n: number }).n;
      const taskid = randomUUID();
      const size = snapshotSize(vm.id, n);
      const jobid = this.sim.jobs.submit({ kind: 'snapshot.backup', caller: user, instanceid: vm.id, payload: { taskid } satisfies BackupPayload });
      db.prepare(`INSERT INTO ssvm_tasks (id, kind, zoneid, ssvmid, templateid, vmid, jobid, state, bytes, total, percent, created, updated_ms)
        VALUES (?, 'snapshot', ?, ?, '', ?, ?, 'Queued', 0, ?, 0, ?, ?)`).run(taskid, vm.zoneid, vm.ssvmid, vm.id, jobid, size, nowDate(), Date.now());
      return taskid;
    })();
  }
}

function event(sim: Simulator, vmid: string, level: 'INFO' | 'ERROR', description: string): void {
  const vm = sim.db.prepare('SELECT id, name, accountid, account, domainid, domainpath FROM vms WHERE id = ?').get(vmid) as
    | { id: string; name: string; accountid: string; account: string; domainid: string; domainpath: string }
    | undefined;
  if (!vm) return;
  recordEvent(sim.db, { type: 'SNAPSHOT.CREATE', level, description, owner: ownerOf(sim.db, vm), resourceid: vm.id,
    resourcetype: 'VirtualMachine', resourcename: vm.name });
}

/** The job of a snapshot backup: one percent per step, each step as long as that percent takes to copy. */
export function snapshotJobKinds(sim: Simulator): Record<string, JobKind> {
  const taskOf = (payload: Record<string, unknown>) =>
    sim.db.prepare('SELECT id, zoneid, ssvmid, vmid, state, total FROM ssvm_tasks WHERE id = ?').get(String(payload.taskid)) as TaskRow | undefined;
  const backup: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd',
    instancetype: 'VirtualMachine',
    step(_job, payload, step) {
      const task = taskOf(payload);
      if (!task || (task.state !== 'Queued' && task.state !== 'Downloading')) return { fail: { code: 530, text: 'The snapshot backup was cancelled' } };
      const ssvm = task.ssvmid
        ? (sim.db.prepare('SELECT name, state FROM systemvms WHERE id = ?').get(task.ssvmid) as { name: string; state: string } | undefined)
        : undefined;
      if (!ssvm || ssvm.state !== 'Running') {
        return { fail: { code: 530, text: `The secondary storage VM ${ssvm?.name ?? ''} is not running: the snapshot backup stopped`.replace('  ', ' ') } };
      }
      const percent = Math.min(100, step + 1);
      const bytes = Math.round((task.total * percent) / 100);
      if (percent < 100) {
        sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Downloading', percent = ?, bytes = ?, updated_ms = ? WHERE id = ?`).run(percent, bytes, Date.now(), task.id);
        return { next: Math.max(50, Math.round((task.total / 100 / SNAPSHOT_BACKUP_RATE) * 1000)) };
      }
      const completed = nowDate();
      sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Completed', percent = 100, bytes = ?, completed = ?, updated_ms = ? WHERE id = ?`)
        .run(task.total, completed, Date.now(), task.id);
      const vm = sim.db.prepare('SELECT name FROM vms WHERE id = ?').get(task.vmid) as { name: string } | undefined;
      event(sim, task.vmid, 'INFO', `Backed up a ${(task.total / GIB).toFixed(0)} GiB volume snapshot of ${vm?.name ?? task.vmid} to secondary storage through ${ssvm.name}`);
      return { done: { snapshot: { id: task.id, virtualmachineid: task.vmid, zoneid: task.zoneid, state: 'BackedUp', physicalsize: task.total, created: completed } } };
    },
    onFail(_job, payload, text) {
      const task = taskOf(payload);
      if (!task) return;
      const changed = sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Failed', error = ?, completed = ?, updated_ms = ? WHERE id = ? AND state IN ('Queued', 'Downloading')`)
        .run(text, nowDate(), Date.now(), task.id).changes;
      if (changed) event(sim, task.vmid, 'ERROR', `Snapshot backup failed: ${text}`);
    },
  };
  return { 'snapshot.backup': backup };
}
