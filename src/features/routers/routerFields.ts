import type { Router } from '../../api/schemas';

/**
 * Fields of listRouters' DomainRouterResponse that the Details tab does not list as a value: `nic` (its own table
 * of one line per NIC, see nicLine) and `healthcheckresults` (listed by the Health checks tab, from
 * getRouterHealthCheckResults).
 */
export const FIELDS_SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(['nic', 'healthcheckresults']);

/**
 * A field's value as lines of text an admin reads, never JSON: a string, number or boolean as itself; a list
 * one line per item; an object as `key: value` pairs joined by ", " (a nested list or object in brackets of
 * its own, the same way). Undefined and null give no line.
 */
export function fieldLines(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((item) => fieldLines(item));
  if (typeof v === 'object') return [objectText(v as Record<string, unknown>)];
  return [String(v)];
}

function objectText(o: Record<string, unknown>): string {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? `(${fieldLines(v).join('; ')})` : String(v)}`)
    .join(', ');
}

/** One NIC of a router (NicResponse) as the Details tab lists it: traffic type, network, IP and MAC address. */
export interface NicLine {
  id: string;
  traffictype: string;
  network: string;
  ipaddress: string;
  macaddress: string;
  isdefault: boolean;
}

/**
 * The router's NICs (DomainRouterResponse `nic`, filled by DomainRouterJoinDaoImpl) one line each. The network is
 * its name when CloudStack gives one (a guest network), else its id (the zone's public and control networks
 * have no name in NicResponse). Missing values are empty strings.
 */
export function nicLines(router: Pick<Router, 'nic'>): NicLine[] {
  return (router.nic ?? []).map((n) => ({
    id: n.id,
    traffictype: n.traffictype ?? n.type ?? '',
    network: n.networkname ?? n.networkid ?? '',
    ipaddress: n.ipaddress ?? n.ip6address ?? '',
    macaddress: n.macaddress ?? '',
    isdefault: n.isdefault === true,
  }));
}
