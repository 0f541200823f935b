import type { Answer } from '../../src/api/commands';
import type { serviceOfferingSchema, networkOfferingSchema } from '../../src/api/schemas';
import { randomUUID } from 'node:crypto';
import { serviceList } from '../infrastructure/services';
import { command } from '../api/registry';
import { addEqIgnoringCase, addEqs, addFlag, addKeyword, emptyFilter, queryPage } from '../api/listing';
import { checkAccess } from '../api/access';
import { ApiError, notFound, notPermitted, paramError } from '../api/errors';
import type { Simulator } from '../api/context';
import { nowDate, readData } from '../db/rows';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';
import { recordRouterEvent } from '../events/subjects';
import { getRouter, RouterNames, routerResponse } from '../routers/rows';
import type { NetworkRow } from '../networks/commands';


interface OfferingRow { id: string; name: string; issystem: number; systemvmtype: string | null; data: string }

export function serviceOfferingResponse(r: OfferingRow): Answer<typeof serviceOfferingSchema> {
  return { ...readData(r), id: r.id, name: r.name, issystem: r.issystem === 1, systemvmtype: r.systemvmtype ?? undefined };
}

export const createServiceOffering = command({
  name: 'createServiceOffering',
  access: 'admin',
  handle: ({ sim, caller }, p) => {
    const issystem = p.issystem ?? false;
    if (issystem && caller.accounttype !== 1) throw notPermitted('Only the root admin can create system service offerings');
    if (!issystem && p.systemvmtype) throw paramError('systemvmtype can only be given for a system offering (issystem=true)');
    if (issystem && p.customized) throw paramError('A system offering cannot be customized: give cpunumber, cpuspeed and memory');
    if (!p.customized) {
      for (const name of ['cpunumber', 'cpuspeed', 'memory'] as const) {
        if (p[name] === undefined) throw paramError(`Unable to execute API command createserviceoffering due to missing parameter ${name}`);
      }
    }
    // ConfigurationManagerImpl.createServiceOffering: a domain admin creates offerings only for domains of its
    // own tree (domainid required); a public one (no domainid) is the root admin's.
    const domains = (p.domainid ?? '').split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
      const row = sim.db.prepare('SELECT id, name, path FROM domains WHERE id = ?').get(d) as { id: string; name: string; path: string } | undefined;
      if (!row) throw paramError(`Unable to find domain by id ${d.slice(0, 64)}`);
      return row;
    });
    if (caller.accounttype !== 1) {
      if (!domains.length) throw paramError(`Unable to create public service offering by admin: ${caller.username} because it is domain-admin`);
      for (const d of domains) {
        if (!d.path.startsWith(caller.domainpath)) throw notPermitted(`Unable to create service offering by another domain-admin: ${caller.username} for domain: ${d.name}`);
      }
    }
    const id = randomUUID();
    const systemvmtype = issystem ? (p.systemvmtype ?? 'domainrouter') : null;
    sim.db.prepare('INSERT INTO serviceofferings (id, name, issystem, systemvmtype, data) VALUES (?, ?, ?, ?, ?)').run(
      id, p.name, issystem ? 1 : 0, systemvmtype, JSON.stringify({
        displaytext: p.displaytext, cpunumber: p.cpunumber, cpuspeed: p.cpuspeed, memory: p.memory, networkrate: p.networkrate,
        offerha: p.offerha ?? false, storagetype: p.storagetype ?? 'shared', provisioningtype: p.provisioningtype ?? 'thin',
        limitcpuuse: p.limitcpuuse ?? false, hosttags: p.hosttags, storagetags: p.tags, isvolatile: p.isvolatile ?? false,
        iscustomized: p.customized ?? false, dynamicscalingenabled: p.dynamicscalingenabled ?? true, defaultuse: false,
        deploymentplanner: p.deploymentplanner, state: 'Active', created: nowDate(),
        ...(domains.length ? { domainid: domains.map((d) => d.id).join(','), domain: domains.map((d) => d.name).join(',') } : {}),
      }));
    recordEvent(sim.db, { type: 'SERVICE.OFFERING.CREATE', description: `Created ${issystem ? `system service offering (${systemvmtype})` : 'service offering'} ${p.name}`,
      owner: { accountid: caller.accountid, account: caller.account, domainid: caller.domainid, domain: caller.domain, domainpath: caller.domainpath, username: caller.username },
      resourceid: id, resourcetype: 'ServiceOffering', resourcename: p.name });
    return serviceOfferingResponse(sim.db.prepare('SELECT * FROM serviceofferings WHERE id = ?').get(id) as OfferingRow);
  },
});

export const changeServiceForRouter = command({
  name: 'changeServiceForRouter',
  access: 'admin',
  handle: ({ sim, caller }, p) => {
    const r = getRouter(sim.db, p.id);
    if (!r) throw notFound('router', p.id);
    checkAccess(caller, r, `router ${r.name}`);
    if (r.jobid) throw new ApiError(536, `Router ${r.name} is busy with another operation (job ${r.jobid}); try again when it finishes`);
    const o = sim.db.prepare('SELECT * FROM serviceofferings WHERE id = ?').get(p.serviceofferingid) as OfferingRow | undefined;
    if (!o) throw notFound('service offering', p.serviceofferingid);
    if (o.issystem !== 1 || o.systemvmtype !== 'domainrouter') {
      throw paramError(`Service offering ${o.name} is not a system offering for routers (issystem=true, systemvmtype=domainrouter)`);
    }
    if (r.state !== 'Stopped') {
      throw paramError(`Unable to change the service offering of router ${r.name}: it is ${r.state}. Stop the router first; its offering can only be changed while it is Stopped`);
    }
    if (r.serviceofferingid === o.id) throw paramError(`Router ${r.name} already uses service offering ${o.name}`);
    sim.db.prepare('UPDATE routers SET serviceofferingid = ? WHERE id = ?').run(o.id, r.id);
    recordRouterEvent(sim.db, r, { type: 'ROUTER.UPGRADE', description: `Changed the service offering of router ${r.name} to ${o.name}` });
    return routerResponse(getRouter(sim.db, r.id)!, new RouterNames(sim.db));
  },
});

interface NetworkOfferingRow { id: string; name: string; guestiptype: string; forvpc: number; serviceofferingid: string | null;
  state: string; isdefault: number; data: string }

/**
 * A network offering as NetworkOfferingResponse answers it: its services as the `service` list (the stored
 * services string is the simulator's own bookkeeping, not a CloudStack field).
 */
export function networkOfferingResponse(r: NetworkOfferingRow): Answer<typeof networkOfferingSchema> {
  const d = readData(r);
  const { supportedservices, ...fields } = d;
  return { ...fields, id: r.id, name: r.name, guestiptype: r.guestiptype, forvpc: r.forvpc === 1, serviceofferingid: r.serviceofferingid ?? undefined,
    state: r.state, isdefault: r.isdefault === 1, traffictype: String(d.traffictype ?? 'Guest'),
    service: serviceList(supportedservices as string | undefined, r.forvpc === 1) };
}

export function getNetworkOffering(sim: Simulator, id: string): NetworkOfferingRow | undefined {
  return sim.db.prepare('SELECT * FROM networkofferings WHERE id = ?').get(id) as NetworkOfferingRow | undefined;
}

/** The offering a network is on: by id once updateNetwork has set one, else by the seeded offering name. */
export function networkOfferingOf(sim: Simulator, n: NetworkRow): NetworkOfferingRow | undefined {
  const d = readData(n) as { networkofferingid?: string; networkofferingname?: string };
  if (d.networkofferingid) return getNetworkOffering(sim, d.networkofferingid);
  return sim.db.prepare('SELECT * FROM networkofferings WHERE name = ?').get(d.networkofferingname ?? '') as NetworkOfferingRow | undefined;
}

export const listNetworkOfferings = command({
  name: 'listNetworkOfferings',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name']);
    addEqIgnoringCase(f, 'guestiptype', p.guestiptype);
    addFlag(f, 'forvpc', p.forvpc);
    addEqIgnoringCase(f, 'state', p.state);
    addFlag(f, 'isdefault', p.isdefault);
    if (p.networkid) {
      // The offerings this network may move to: same guest IP type, same VPC-ness, enabled, not its current one.
      const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(p.networkid) as NetworkRow | undefined;
      if (!n) throw notFound('network', p.networkid);
      checkAccess(caller, n, `network ${n.name}`);
      const current = networkOfferingOf(sim, n);
      f.where.push(`guestiptype = ? AND forvpc = ? AND state = 'Enabled' AND id != ?`);
      f.args.push(n.type === 'VPC' ? 'Isolated' : n.type, n.vpcid ? 1 : 0, current?.id ?? '');
    }
    addKeyword(f, ['name', `json_extract(data, '$.displaytext')`], p.keyword);
    const { count, rows } = queryPage<NetworkOfferingRow>(sim.db, sim, 'networkofferings', f, p, 'rowid');
    return { count, items: rows.map(networkOfferingResponse) };
  },
});

export const createNetworkOffering = command({
  name: 'createNetworkOffering',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    if (sim.db.prepare('SELECT 1 FROM networkofferings WHERE name = ?').get(p.name)) {
      throw paramError(`Network offering with name ${p.name} already exists`);
    }
    if (p.serviceofferingid) {
      const o = sim.db.prepare('SELECT * FROM serviceofferings WHERE id = ?').get(p.serviceofferingid) as OfferingRow | undefined;
      if (!o) throw notFound('service offering', p.serviceofferingid);
      if (o.issystem !== 1 || o.systemvmtype !== 'domainrouter') {
        throw paramError(`Service offering ${o.name} is not a system offering for routers (systemvmtype domainrouter)`);
      }
    }
    const id = randomUUID();
    const state = p.enable ? 'Enabled' : 'Disabled';
    sim.db.prepare(
      `INSERT INTO networkofferings (id, name, guestiptype, forvpc, serviceofferingid, state, isdefault, data) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
    ).run(id, p.name, p.guestiptype, p.forvpc ? 1 : 0, p.serviceofferingid ?? null, state, JSON.stringify({
      displaytext: p.displaytext, traffictype: 'Guest', availability: p.availability ?? 'Optional', conservemode: p.conservemode ?? true,
      specifyvlan: p.specifyvlan ?? false, specifyipranges: p.specifyipranges ?? false, egressdefaultpolicy: p.egressdefaultpolicy ?? false,
      ispersistent: p.ispersistent ?? false, networkrate: p.networkrate, supportedservices: p.supportedservices, tags: p.tags,
      maxconnections: p.maxconnections, created: nowDate(),
    }));
    recordEvent(sim.db, { type: 'NETWORK.OFFERING.CREATE', description: `Created network offering ${p.name} (${state})`,
      owner: { accountid: caller.accountid, account: caller.account, domainid: caller.domainid, domain: caller.domain, domainpath: caller.domainpath, username: caller.username },
      resourceid: id, resourcetype: 'NetworkOffering', resourcename: p.name });
    return networkOfferingResponse(getNetworkOffering(sim, id)!);
  },
});

export const updateNetwork = command({
  name: 'updateNetwork',
  access: 'user',
  handle: ({ sim, caller }, p) => {
    const n = sim.db.prepare('SELECT * FROM networks WHERE id = ?').get(p.id) as NetworkRow | undefined;
    if (!n) throw notFound('network', p.id);
    checkAccess(caller, n, `network ${n.name}`);
    if (p.networkofferingid) {
      const o = getNetworkOffering(sim, p.networkofferingid);
      if (!o) throw notFound('network offering', p.networkofferingid);
      if (o.state !== 'Enabled') throw paramError(`Network offering ${o.name} is ${o.state}; only an enabled offering can be used`);
      const guest = n.type === 'VPC' ? 'Isolated' : n.type;
      if (o.guestiptype !== guest || (o.forvpc === 1) !== (n.vpcid !== null)) {
        throw paramError(`Network offering ${o.name} (${o.guestiptype}${o.forvpc ? ', VPC' : ''}) cannot be applied to ${guest}${n.vpcid ? ' VPC tier' : ''} network ${n.name}`);
      }
    }
    if (sim.db.prepare(`SELECT 1 FROM jobs WHERE instanceid = ? AND status = 0`).get(n.id)) {
      throw new ApiError(536, `Network ${n.name} is busy with another operation; try again when it finishes`);
    }
    const jobid = sim.jobs.submit({ kind: 'network.update', caller, instanceid: n.id, payload: {
      name: p.name, displaytext: p.displaytext, networkofferingid: p.networkofferingid, networkdomain: p.networkdomain } });
    recordEvent(sim.db, { type: 'NETWORK.UPDATE', state: 'Scheduled', description: `Updating network ${n.name}`, owner: ownerOf(sim.db, n),
      resourceid: n.id, resourcetype: 'Network', resourcename: n.name });
    return { jobid, id: n.id };
  },
});

export const offeringCommands = [createServiceOffering, changeServiceForRouter, listNetworkOfferings, createNetworkOffering, updateNetwork];
