import { command } from '../api/registry';
import { addEq, addEqIgnoringCase, addEqs, addIn, addKeyword, dataField, emptyFilter, queryPage } from '../api/listing';
import { readData } from '../db/rows';
import { likeEscape } from '../api/access';

interface ZoneRow { id: string; name: string; hypervisor: string; data: string }
interface PodRow { id: string; name: string; zoneid: string; data: string }
interface ClusterRow { id: string; name: string; podid: string; zoneid: string; data: string }
interface HostRow { id: string; name: string; clusterid: string; podid: string; zoneid: string; state: string; data: string }

export const listZones = command({
  name: 'listZones',
  access: 'user',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name']);
    addIn(f, 'id', p.ids);
    addEq(f, dataField('networktype'), p.networktype);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<ZoneRow>(sim.db, sim, 'zones', f, p);
    return { count, items: rows.map((r) => ({ ...readData(r), id: r.id, name: r.name })) };
  },
});

export const listPods = command({
  name: 'listPods',
  access: 'root',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name', 'zoneid']);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<PodRow>(sim.db, sim, 'pods', f, p);
    return { count, items: rows.map((r) => ({ ...readData(r), id: r.id, name: r.name, zoneid: r.zoneid })) };
  },
});

export const listClusters = command({
  name: 'listClusters',
  access: 'root',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name', 'zoneid', 'podid']);
    addEqIgnoringCase(f, dataField('hypervisortype'), p.hypervisor);
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<ClusterRow>(sim.db, sim, 'clusters', f, p);
    return { count, items: rows.map((r) => ({ ...readData(r), id: r.id, name: r.name, podid: r.podid, zoneid: r.zoneid })) };
  },
});

export function hostResponse(r: HostRow) {
  return { ...readData(r), id: r.id, name: r.name, clusterid: r.clusterid, podid: r.podid, zoneid: r.zoneid, state: r.state };
}

export const listHosts = command({
  name: 'listHosts',
  access: 'root',
  handle: ({ sim }, p) => {
    const f = emptyFilter();
    addEqs(f, p, ['id', 'name', 'zoneid', 'podid', 'clusterid']);
    // QueryManagerImpl.searchForServersInternal: state by equality and type LIKE '%<type>', both compared by
    // MySQL without regard to case (so type=routing finds Routing hosts).
    addEqIgnoringCase(f, 'state', p.state);
    if (p.type) {
      f.where.push(`lower(${dataField('type')}) LIKE lower(?) ESCAPE '\\'`);
      f.args.push(`%${likeEscape(p.type)}`);
    }
    addEqIgnoringCase(f, dataField('hypervisor'), p.hypervisor);
    if (p.virtualmachineid) {
      f.where.push(`id IN (SELECT hostid FROM routers WHERE id = ?1 UNION SELECT hostid FROM systemvms WHERE id = ?1 UNION SELECT hostid FROM vms WHERE id = ?1)`.replaceAll('?1', '?'));
      f.args.push(p.virtualmachineid, p.virtualmachineid, p.virtualmachineid);
    }
    addKeyword(f, ['name'], p.keyword);
    const { count, rows } = queryPage<HostRow>(sim.db, sim, 'hosts', f, p);
    return { count, items: rows.map(hostResponse) };
  },
});

export const infrastructureCommands = [listZones, listPods, listClusters, listHosts];
