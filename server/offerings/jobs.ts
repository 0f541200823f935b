import type { Simulator } from '../api/context';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import type { JobKind } from '../jobs/runner';
import { networkResponse, type NetworkRow } from '../networks/commands';
import { getNetworkOffering } from './commands';

interface UpdatePayload { name?: string; displaytext?: string; networkofferingid?: string; networkdomain?: string }

/**
 * updateNetwork. A new network offering is recorded on the network, with the system offering its routers
 * use (data.routerofferingid, which server/routers/create.ts reads when it deploys a router). The running
 * routers keep their offering: a restart of the network with cleanup recreates them on it ("Upgrading a Virtual
 * Router with System Service Offerings", CloudStack's Administration Guide, adminguide/systemvm.rst).
 */
export function offeringJobKinds(sim: Simulator): Record<string, JobKind> {
  const update: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkCmd',
    instancetype: 'Network',
    step(job, payload, step) {
      const p = payload as UpdatePayload;
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(job.instanceid) as NetworkRow | undefined;
      if (!n) return { fail: { code: 431, text: `Network ${job.instanceid} no longer exists` } };
      if (step === 0) return { next: 600 };
      const set: Record<string, unknown> = {};
      if (p.displaytext) set.displaytext = p.displaytext;
      if (p.networkdomain) set.networkdomain = p.networkdomain;
      let changed = '';
      if (p.networkofferingid) {
        const o = getNetworkOffering(sim, p.networkofferingid);
        if (!o) return { fail: { code: 431, text: `Network offering ${p.networkofferingid} no longer exists` } };
        const routerOffering = o.serviceofferingid ?? (sim.db
          .prepare(`SELECT id FROM serviceofferings WHERE issystem = 1 AND systemvmtype = 'domainrouter' ORDER BY rowid LIMIT 1`)
          .get() as { id: string }).id;
        Object.assign(set, {
          networkofferingid: o.id, networkofferingname: o.name,
          networkofferingdisplaytext: (JSON.parse(o.data) as { displaytext?: string }).displaytext,
          networkofferingavailability: (JSON.parse(o.data) as { availability?: string }).availability,
          routerofferingid: routerOffering,
        });
        changed = ` to network offering ${o.name}`;
      }
      const entries = Object.entries(set);
      if (entries.length) {
        sim.db.prepare(`UPDATE networks SET data = json_set(data, ${entries.map(([k]) => `'$.${k}', json(?)`).join(', ')}) WHERE id = ?`)
          .run(...entries.map(([, v]) => JSON.stringify(v)), n.id);
      }
      if (p.name) sim.db.prepare('UPDATE networks SET name = ? WHERE id = ?').run(p.name, n.id);
      recordEvent(sim.db, { type: 'NETWORK.UPDATE', description: `Updated network ${n.name}${changed}`, owner: ownerOf(sim.db, n),
        resourceid: n.id, resourcetype: 'Network', resourcename: n.name });
      const after = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(n.id) as NetworkRow;
      return { done: { network: networkResponse(sim.db, after) } };
    },
  };
  return { 'network.update': update };
}
