import type { Host } from '../../api/schemas';

/** Where a host is: its cluster (which listRouters does not give) and pod. */
export interface HostPlacement {
  clusterid?: string;
  clustername?: string;
  podid?: string;
  podname?: string;
}
export type HostIndex = ReadonlyMap<string, HostPlacement>;

export const EMPTY_HOST_INDEX: HostIndex = new Map();

export function indexHosts(hosts: readonly Host[]): HostIndex {
  const m = new Map<string, HostPlacement>();
  for (const h of hosts) m.set(h.id, { clusterid: h.clusterid, clustername: h.clustername, podid: h.podid, podname: h.podname });
  return m;
}

/** A router's cluster, derived from its host; a stopped router has no host and so no cluster. */
export function clusterOf(r: { hostid?: string }, hosts: HostIndex): { id: string; name: string } | undefined {
  if (!r.hostid) return undefined;
  const h = hosts.get(r.hostid);
  if (!h?.clusterid) return undefined;
  return { id: h.clusterid, name: h.clustername ?? h.clusterid };
}
