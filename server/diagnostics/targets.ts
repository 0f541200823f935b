import type { Simulator } from '../api/context';
import { readData } from '../db/rows';
import { macFor, prefixOf, type Nic } from './simulate';

/** A router or system VM diagnostics can run on, with its interfaces. */
export interface DiagnosticsTarget {
  id: string;
  name: string;
  kind: 'router' | 'consoleproxy' | 'secondarystoragevm';
  state: string;
  version: string;
  nics: Nic[];
  /** For routers: the owner, for events. */
  owner?: { accountid: string; account: string; domainid: string; domainpath: string };
}

function nic(device: string, ip: unknown, netmask: unknown, fallbackPrefix: number): Nic | undefined {
  if (typeof ip !== 'string' || !ip) return undefined;
  return { device, ip, prefix: prefixOf(typeof netmask === 'string' ? netmask : undefined, fallbackPrefix), mac: macFor(`${device}|${ip}`) };
}

/** The router or system VM with this id; undefined for anything else (CloudStack diagnoses system VMs only). */
export function findDiagnosticsTarget(sim: Simulator, id: string): DiagnosticsTarget | undefined {
  const r = sim.db.prepare('SELECT * FROM routers WHERE id = ?').get(id) as
    | { id: string; name: string; state: string; version: string; publicip: string | null; guestipaddress: string | null; networkid: string;
        accountid: string; account: string; domainid: string; domainpath: string; data: string }
    | undefined;
  if (r) {
    const d = readData(r);
    const net = sim.db.prepare('SELECT data FROM networks WHERE id = ?').get(r.networkid) as { data: string } | undefined;
    const cidr = net ? (readData(net).cidr as string | undefined) : undefined;
    const guestPrefix = cidr?.includes('/') ? Number(cidr.split('/')[1]) : prefixOf(d.guestnetmask as string | undefined, 24);
    const nics = [
      nic('eth0', r.guestipaddress, undefined, guestPrefix),
      nic('eth1', d.linklocalip, d.linklocalnetmask, 16),
      nic('eth2', r.publicip, d.publicnetmask, 24),
    ].filter((n): n is Nic => n !== undefined);
    return { id: r.id, name: r.name, kind: 'router', state: r.state, version: r.version, nics,
      owner: { accountid: r.accountid, account: r.account, domainid: r.domainid, domainpath: r.domainpath } };
  }
  const s = sim.db.prepare('SELECT * FROM systemvms WHERE id = ?').get(id) as
    | { id: string; name: string; state: string; version: string; systemvmtype: 'consoleproxy' | 'secondarystoragevm'; data: string }
    | undefined;
  if (s) {
    const d = readData(s);
    const nics = [
      nic('eth0', d.linklocalip, d.linklocalnetmask, 16),
      nic('eth1', d.privateip, d.privatenetmask, 24),
      nic('eth2', d.publicip, d.publicnetmask, 24),
    ].filter((n): n is Nic => n !== undefined);
    return { id: s.id, name: s.name, kind: s.systemvmtype, state: s.state, version: s.version, nics };
  }
  return undefined;
}
