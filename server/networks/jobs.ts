import type { Simulator } from '../api/context';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import { recordRouterEvent } from '../events/subjects';
import type { JobKind } from '../jobs/runner';
import { ROUTER_PHASE_MS } from '../routers/jobs';
import { createRouter } from '../routers/create';
import type { RouterRow } from '../routers/rows';
import { networkResponse, type NetworkRow } from './commands';

/**
 * restartNetwork. Without cleanup the routers re-apply the network's rules and keep running. With
 * cleanup they are destroyed and new ones deployed (on the zone's router template, and on the
 * network's router offering): the way to recreate a network's only router (RestartNetworkCmd's `cleanup`,
 * NetworkOrchestrator.restartNetwork).
 */
export function networkJobKinds(sim: Simulator): Record<string, JobKind> {
  const restart: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.network.RestartNetworkCmd',
    instancetype: 'Network',
    step(job, payload, step) {
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(job.instanceid) as NetworkRow | undefined;
      if (!n) return { fail: { code: 431, text: `Network ${job.instanceid} no longer exists` } };
      const routers = sim.db.prepare('SELECT * FROM routers WHERE networkid = ? ORDER BY rowid').all(n.id) as RouterRow[];
      const cleanup = payload.cleanup === true;
      if (step === 0) {
        if (!cleanup) return { next: 800 };
        sim.db.prepare(`UPDATE routers SET state = 'Stopping', jobid = ? WHERE networkid = ?`).run(job.id, n.id);
        return { next: ROUTER_PHASE_MS.stop };
      }
      if (step === 1 && cleanup) {
        const redundant = n.redundant === 1 || payload.makeredundant === true;
        if (payload.makeredundant === true) sim.db.prepare('UPDATE networks SET redundant = 1 WHERE id = ?').run(n.id);
        const count = Math.max(redundant ? 2 : 1, routers.length);
        const guestBase = (JSON.parse(n.data) as { gateway?: string }).gateway?.replace(/\.\d+$/, '.') ?? '10.1.1.';
        sim.db.prepare('DELETE FROM routers WHERE networkid = ?').run(n.id);
        for (const r of routers) {
          recordRouterEvent(sim.db, r, { type: 'ROUTER.DESTROY', description: `Destroyed router ${r.name} (network ${n.name} restarted with cleanup)` });
        }
        let avoid: string | undefined;
        for (let i = 0; i < count; i++) {
          const id = createRouter(sim, n, {
            redundantstate: redundant ? (i === 0 ? 'PRIMARY' : 'BACKUP') : undefined,
            avoidHost: avoid,
            guestip: redundant ? `${guestBase}${2 + i}` : `${guestBase}1`,
          });
          avoid = (sim.db.prepare('SELECT hostid FROM routers WHERE id = ?').get(id) as { hostid: string }).hostid;
          sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(job.id, id);
        }
        return { next: ROUTER_PHASE_MS.start };
      }
      if (cleanup) sim.db.prepare(`UPDATE routers SET state = 'Running', jobid = NULL WHERE networkid = ?`).run(n.id);
      const names = routers.map((r) => r.name).join(', ');
      recordEvent(sim.db, { type: 'NETWORK.RESTART', description: cleanup
        ? `Restarted network ${n.name} with cleanup: routers recreated`
        : `Restarted network ${n.name}: rules re-applied on ${names || 'no router'}`,
        owner: ownerOf(sim.db, n), resourceid: n.id, resourcetype: 'Network', resourcename: n.name });
      return { done: { network: networkResponse(sim.db, n) } };
    },
    onFail(job, _payload, text) {
      sim.db.prepare(`UPDATE routers SET state = 'Running', jobid = NULL WHERE jobid = ?`).run(job.id);
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(job.instanceid) as NetworkRow | undefined;
      if (n) recordEvent(sim.db, { type: 'NETWORK.RESTART', level: 'ERROR', description: `Failed to restart network ${n.name}: ${text}`,
        owner: ownerOf(sim.db, n), resourceid: n.id, resourcetype: 'Network', resourcename: n.name });
    },
  };
  return { 'network.restart': restart };
}
