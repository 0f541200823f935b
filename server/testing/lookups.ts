import type { Session } from './harness';

/**
 * Lookups the simulator's tests make through CloudStack's API, as a client would, instead of reading the
 * simulator's tables: one function per kind of object a test needs to find.
 */

/**
 * The id of the first zone with a cluster of `hypervisor` ('KVM', 'XenServer', 'VMware'): listClusters with
 * `hypervisor` (ListClustersCmd; a ZoneResponse names no hypervisor). Needs an admin's session; throws when no
 * zone has one.
 */
export async function zoneIdOfHypervisor(admin: Session, hypervisor: string): Promise<string> {
  const r = await admin.call('listClusters', { hypervisor });
  const cluster = (r.data.cluster as { zoneid: string }[] | undefined)?.[0];
  if (!cluster) throw new Error(`no zone has a ${hypervisor} cluster: ${JSON.stringify(r.body)}`);
  return cluster.zoneid;
}

/** The id of the domain at `path` ('/ROOT/Sales/'), as listDomains (ListDomainsCmd) answers it to `session`. */
export async function domainIdByPath(session: Session, path: string): Promise<string> {
  const r = await session.call('listDomains', { listall: true });
  // DomainResponse.path is 'ROOT/Sales' (DomainVO.getPath without the slashes around it).
  const want = path.replace(/^\/|\/$/g, '');
  const domain = (r.data.domain as { id: string; path: string }[] | undefined)?.find((d) => d.path.replace(/^\/|\/$/g, '') === want);
  if (!domain) throw new Error(`no domain at ${path}: ${JSON.stringify(r.body)}`);
  return domain.id;
}
