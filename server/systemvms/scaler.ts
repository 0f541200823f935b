import type { Simulator } from '../api/context';
import { recordEvent } from '../events/events';
import { systemOwner } from '../events/owner';
import { deployReplacement } from './jobs';
import { planSsvmScaling, type ScalingDecision } from './scaling';
import { setSystemVm } from './rows';

/** How often the scaler looks at the VMware zones (ms at speed 1), as secstorage.capacityscan.interval's 30 s. */
export const SSVM_SCAN_INTERVAL_MS = 30_000;

/**
 * Multiple System VM Support for VMware: in each VMware zone the load of the secondary storage VMs (their
 * active background tasks, ssvm_tasks Queued or Downloading) is weighed against secstorage.session.max per
 * SSVM and secstorage.capacity.standby; SSVMs are added as load grows and removed as it falls.
 */
export class SsvmScaler {
  constructor(private readonly sim: Simulator) {}

  /** One scan of every VMware zone; answers what was decided per zone id. */
  tick(): Record<string, ScalingDecision> {
    const out: Record<string, ScalingDecision> = {};
    const zones = this.sim.db.prepare(`SELECT id, name FROM zones WHERE hypervisor = 'VMware'`).all() as { id: string; name: string }[];
    for (const z of zones) {
      this.sim.db.transaction(() => {
        out[z.id] = this.scanZone(z);
      })();
    }
    return out;
  }

  private scanZone(z: { id: string; name: string }): ScalingDecision {
    const db = this.sim.db;
    const ssvms = db
      .prepare(`SELECT id, name, state, jobid FROM systemvms WHERE zoneid = ? AND systemvmtype = 'secondarystoragevm' ORDER BY rowid`)
      .all(z.id) as { id: string; name: string; state: string; jobid: string | null }[];
    // While one of them is starting, stopping or busy, wait for it: capacity is changing already.
    if (ssvms.some((s) => s.jobid !== null && s.state !== 'Starting')) return { action: 'none' };
    const running = ssvms.filter((s) => s.state === 'Running');
    const starting = ssvms.filter((s) => s.state === 'Starting').length;
    const loadOf = db.prepare(`SELECT COUNT(*) AS n FROM ssvm_tasks WHERE ssvmid = ? AND state IN ('Queued', 'Downloading')`);
    const zoneLoad = (db.prepare(`SELECT COUNT(*) AS n FROM ssvm_tasks WHERE zoneid = ? AND state IN ('Queued', 'Downloading')`).get(z.id) as { n: number }).n;
    if (running.length === 0 && starting === 0) return { action: 'none' };
    const sessionMax = this.sim.settings.effectiveNumber('secstorage.session.max');
    const standby = this.sim.settings.effectiveNumber('secstorage.capacity.standby');
    const decision = planSsvmScaling({
      ssvms: running.map((s, i) => ({ id: s.id, load: (loadOf.get(s.id) as { n: number }).n, primary: i === 0 && s.id === ssvms[0]!.id })),
      zoneLoad, sessionMax, standby, starting,
    });
    const owner = systemOwner(db);
    if (decision.action === 'add') {
      const admin = db.prepare(`SELECT u.id AS userid, a.id AS accountid, a.domainpath FROM users u JOIN accounts a ON a.id = u.accountid
        WHERE a.accounttype = 1 ORDER BY u.rowid LIMIT 1`).get() as { userid: string; accountid: string; domainpath: string };
      const id = deployReplacement(this.sim, admin, z.id, 'secondarystoragevm');
      const name = (db.prepare('SELECT name FROM systemvms WHERE id = ?').get(id) as { name: string }).name;
      recordEvent(db, { type: 'SSVM.CREATE', state: 'Scheduled', owner, resourceid: id, resourcetype: 'SecondaryStorageVm', resourcename: name,
        description: `Starting secondary storage VM ${name} in zone ${z.name}: ${zoneLoad} active tasks leave fewer than ${standby} of ${
          (running.length + starting) * sessionMax} sessions free` });
    } else if (decision.action === 'remove') {
      const vm = running.find((s) => s.id === decision.id)!;
      const admin = db.prepare(`SELECT u.id AS userid, a.id AS accountid, a.domainpath FROM users u JOIN accounts a ON a.id = u.accountid
        WHERE a.accounttype = 1 ORDER BY u.rowid LIMIT 1`).get() as { userid: string; accountid: string; domainpath: string };
      const jobid = this.sim.jobs.submit({ kind: 'systemvm.destroy', caller: admin, instanceid: vm.id,
        payload: { prevState: vm.state, recreate: false, reason: 'load fell' } });
      setSystemVm(db, vm.id, { jobid });
      recordEvent(db, { type: 'SSVM.DESTROY', state: 'Scheduled', owner, resourceid: vm.id, resourcetype: 'SecondaryStorageVm', resourcename: vm.name,
        description: `Stopping idle secondary storage VM ${vm.name} in zone ${z.name}: ${zoneLoad} active tasks, ${standby} sessions stay free without it` });
    }
    return decision;
  }
}
