import type { Simulator } from '../api/context';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import { recordRouterEvent } from '../events/subjects';
import type { JobKind, JobRow, StepOutcome } from '../jobs/runner';
import { ROUTER_PHASE_MS } from '../routers/jobs';
import { createRouter } from '../routers/create';
import { failOver, placeRouter, redundantStateOnStart } from '../routers/redundancy';
import { getRouter, type RouterRow } from '../routers/rows';
import { applyRulesRefusal } from '../routers/send';
import { MANAGEMENT_SERVER_VERSION, CURRENT_SCRIPTS_CHECKSUM } from '../seed/versions';
import type { NetworkRow } from './commands';

interface RestartPayload {
  cleanup?: boolean;
  makeredundant?: boolean;
  livepatch?: boolean;
  /** Cleanup: the routers still to replace, in order, and where the replacement of the first one is. */
  pending?: string[];
  phase?: 'stop' | 'create' | 'run';
  created?: string;
}

/**
 * restartNetwork (RestartNetworkCmd, jobinstancetype Network; the job result is `{success: true}`).
 * - Without cleanup the network's rules are applied to its routers again: an outdated router refuses while
 *   router.version.check is on (the job fails with its ResourceUnavailableException, 530).
 * - livepatch=true copies the management server's scripts into the routers, which then report the server's
 *   code version (`softwareversion`) and pass the version check.
 * - cleanup=true replaces the routers with new ones deployed on `router.template.<hypervisor>`: one by one
 *   (a router is destroyed and its replacement started before the next one goes), so the peer of a redundant
 *   network stays up, BACKUP routers first.
 */
export function networkJobKinds(sim: Simulator): Record<string, JobKind> {
  const save = (job: JobRow, payload: RestartPayload) =>
    sim.db.prepare('UPDATE jobs SET payload = ? WHERE id = ?').run(JSON.stringify(payload), job.id);
  const networkEvent = (n: NetworkRow, description: string, level: 'INFO' | 'ERROR' = 'INFO') =>
    recordEvent(sim.db, { type: 'NETWORK.RESTART', level, description, owner: ownerOf(sim.db, n), resourceid: n.id, resourcetype: 'Network', resourcename: n.name });

  /** One step of the rolling replacement; done when no router is left to replace. */
  const replaceStep = (n: NetworkRow, job: JobRow, p: RestartPayload): StepOutcome | undefined => {
    const redundant = n.redundant === 1;
    const guestBase = (JSON.parse(n.data) as { gateway?: string }).gateway?.replace(/\.\d+$/, '.') ?? '10.1.1.';
    const pending = p.pending ?? [];
    if (p.phase === 'run' && p.created) {
      const r = getRouter(sim.db, p.created);
      if (r) {
        const place = placeRouter(sim, r);
        sim.db.prepare('UPDATE routers SET state = ?, hostid = ?, podid = ?, clusterid = ?, jobid = NULL, redundantstate = ? WHERE id = ?')
          .run('Running', place.id || r.hostid, place.podid, place.clusterid, redundantStateOnStart(sim, r), r.id);
        recordRouterEvent(sim.db, r, { type: 'ROUTER.START', description: `Started router ${r.name} (network ${n.name} restarted with cleanup)` });
      }
      save(job, { ...p, phase: 'stop', created: undefined });
      return undefined;
    }
    const oldId = pending[0];
    if (oldId === undefined) return undefined;
    const old = getRouter(sim.db, oldId);
    if (!old) {
      save(job, { ...p, pending: pending.slice(1), phase: 'stop' });
      return { next: 1 };
    }
    if (p.phase !== 'create') {
      failOver(sim, old);
      sim.db.prepare(`UPDATE routers SET state = 'Stopping', jobid = ? WHERE id = ?`).run(job.id, old.id);
      save(job, { ...p, phase: 'create' });
      return { next: ROUTER_PHASE_MS.stop };
    }
    sim.db.prepare('DELETE FROM routers WHERE id = ?').run(old.id);
    recordRouterEvent(sim.db, old, { type: 'ROUTER.DESTROY', description: `Destroyed router ${old.name} (network ${n.name} restarted with cleanup)` });
    const id = createRouter(sim, n, {
      redundantstate: redundant ? 'BACKUP' : undefined,
      guestip: old.guestipaddress ?? `${guestBase}1`,
    });
    sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(job.id, id);
    save(job, { ...p, pending: pending.slice(1), phase: 'run', created: id });
    return { next: ROUTER_PHASE_MS.start };
  };

  const restart: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.network.RestartNetworkCmd',
    instancetype: 'Network',
    step(job, payload, step) {
      const p = payload as RestartPayload;
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(job.instanceid) as NetworkRow | undefined;
      if (!n) return { fail: { code: 431, text: `Network ${job.instanceid} no longer exists` } };
      const routers = () => sim.db.prepare('SELECT * FROM routers WHERE networkid = ? ORDER BY rowid').all(n.id) as RouterRow[];
      if (step === 0) {
        if (p.livepatch) {
          sim.db.prepare(`UPDATE routers SET data = json_set(data, '$.softwareversion', ?, '$.scriptsversion', ?) WHERE networkid = ? AND state = 'Running'`)
            .run(MANAGEMENT_SERVER_VERSION, CURRENT_SCRIPTS_CHECKSUM, n.id);
        }
        if (!p.cleanup) {
          const refused = applyRulesRefusal(sim, n.id, 'ip association');
          if (refused) return { fail: { code: 530, text: refused } };
          return { next: 800 };
        }
        const current = routers();
        if (p.makeredundant && n.redundant !== 1) sim.db.prepare('UPDATE networks SET redundant = 1 WHERE id = ?').run(n.id);
        const order = [...current].sort((a, b) => (a.redundantstate === 'PRIMARY' ? 1 : 0) - (b.redundantstate === 'PRIMARY' ? 1 : 0));
        save(job, { ...p, pending: order.map((r) => r.id), phase: 'stop' });
        return { next: 1 };
      }
      if (p.cleanup) {
        const fresh = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(n.id) as NetworkRow;
        const outcome = replaceStep(fresh, job, p);
        if (outcome) return outcome;
        const latest = JSON.parse(sim.jobs.get(job.id)!.payload) as RestartPayload;
        if ((latest.pending ?? []).length > 0) return { next: 1 };
        // A network without its router gets one; makeredundant=true gives a single router its peer.
        const now = routers();
        const wanted = fresh.redundant === 1 ? 2 : 1;
        if (now.length < wanted && !latest.created) {
          const guestBase = (JSON.parse(fresh.data) as { gateway?: string }).gateway?.replace(/\.\d+$/, '.') ?? '10.1.1.';
          const id = createRouter(sim, fresh, fresh.redundant === 1
            ? { redundantstate: 'BACKUP', guestip: `${guestBase}${2 + now.length}` }
            : { guestip: `${guestBase}1` });
          sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(job.id, id);
          save(job, { ...latest, phase: 'run', created: id });
          return { next: ROUTER_PHASE_MS.start };
        }
      }
      const names = routers().map((r) => r.name).join(', ');
      networkEvent(n, p.cleanup
        ? `Restarted network ${n.name} with cleanup: routers recreated (${names})`
        : `Restarted network ${n.name}: rules re-applied on ${names || 'no router'}`);
      return { done: { success: true } };
    },
    onFail(job, _payload, text) {
      sim.db.prepare(`UPDATE routers SET state = 'Running', jobid = NULL WHERE jobid = ?`).run(job.id);
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(job.instanceid) as NetworkRow | undefined;
      if (n) networkEvent(n, `Failed to restart network ${n.name}: ${text}`, 'ERROR');
    },
  };
  return { 'network.restart': restart };
}
