import { DERIVED_NETWORK, derivedId } from '../api/entities';

/**
 * MAC addresses of simulated NICs, stable for an object. CloudStack hands out guest NIC MACs as 02:00:xx:xx:xx:xx
 * (NetworkModelImpl / the MAC address sequence), public and private NICs of system VMs and routers as
 * 1e:00:xx:xx:xx:xx, and link-local (control) NICs as 0e:00:a9:fe:xx:xx (the 169.254.x.y address in the last
 * two bytes).
 */
function bytesOf(id: string, salt: number): string[] {
  const hex = id.replace(/-/g, '');
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    const n = (parseInt(hex.slice(i * 2 + 24, i * 2 + 26) || '00', 16) + salt * 37) & 0xff;
    out.push(n.toString(16).padStart(2, '0'));
  }
  return out;
}

/** A guest NIC's MAC (02:00:..). `salt` tells apart several NICs of one object. */
export function guestMac(id: string, salt = 0): string {
  return ['02', '00', ...bytesOf(id, salt)].join(':');
}

/** A public or private (management) NIC's MAC of a system VM or router (1e:00:..). */
export function systemMac(id: string, salt = 0): string {
  return ['1e', '00', ...bytesOf(id, salt)].join(':');
}

/** The MAC of a link-local NIC for its 169.254.x.y address (0e:00:a9:fe:xx:yy). */
export function linkLocalMac(ip: string | undefined, id: string): string {
  const parts = (ip ?? '').split('.');
  if (parts.length === 4) {
    return ['0e', '00', 'a9', 'fe', ...parts.slice(2).map((p) => Number(p).toString(16).padStart(2, '0'))].join(':');
  }
  return ['0e', '00', 'a9', 'fe', ...bytesOf(id, 9).slice(2)].join(':');
}


interface RouterNicSource {
  id: string; zoneid: string; networkid: string; vpcid: string | null; state: string; publicip: string | null; guestipaddress: string | null;
}

/**
 * A router's NIC fields as DomainRouterJoinDaoImpl fills them for an admin: MAC addresses, netmasks and network
 * ids of its public, control (link-local) and guest NICs, and the `nic` list (NicResponse). The zone's public
 * and control networks are system networks the simulator keeps no table for: their ids are derived from the
 * zone's (see DERIVED_NETWORK). A stopped router has released its public and link-local addresses.
 */
export function routerNicFields(r: RouterNicSource, d: Record<string, unknown>, guestnetworkname?: string): Record<string, unknown> {
  const running = r.state === 'Running';
  const publicnetworkid = derivedId(DERIVED_NETWORK.public, r.zoneid);
  const linklocalnetworkid = derivedId(DERIVED_NETWORK.control, r.zoneid);
  const publicip = running ? r.publicip ?? undefined : undefined;
  const linklocalip = running ? (d.linklocalip as string | undefined) : undefined;
  const nic: Record<string, unknown>[] = [];
  if (publicip) {
    nic.push({ id: derivedId(DERIVED_NETWORK.publicNic, r.id), networkid: publicnetworkid, ipaddress: publicip, netmask: d.publicnetmask,
      gateway: d.gateway, macaddress: systemMac(r.id, 1), traffictype: 'Public', isdefault: true, type: 'Virtual' });
  }
  if (linklocalip) {
    nic.push({ id: derivedId(DERIVED_NETWORK.controlNic, r.id), networkid: linklocalnetworkid, ipaddress: linklocalip,
      netmask: d.linklocalnetmask ?? '255.255.0.0', macaddress: linkLocalMac(linklocalip, r.id), traffictype: 'Control', isdefault: false, type: 'Virtual' });
  }
  if (r.guestipaddress) {
    nic.push({ id: derivedId(DERIVED_NETWORK.guestNic, r.id), networkid: r.networkid, networkname: guestnetworkname, ipaddress: r.guestipaddress,
      netmask: d.guestnetmask, macaddress: guestMac(r.id), traffictype: 'Guest', isdefault: false, type: 'Isolated' });
  }
  return {
    publicmacaddress: publicip ? systemMac(r.id, 1) : undefined,
    publicnetworkid: publicip ? publicnetworkid : undefined,
    linklocalmacaddress: linklocalip ? linkLocalMac(linklocalip, r.id) : undefined,
    linklocalnetworkid: linklocalip ? linklocalnetworkid : undefined,
    guestmacaddress: r.guestipaddress ? guestMac(r.id) : undefined,
    nic,
  };
}

/**
 * A system VM's NIC fields (SystemVmResponse): the MAC addresses and netmasks of its public, private
 * (management) and link-local NICs, and the zone's network domain.
 */
export function systemVmNicFields(r: { id: string; state: string }, d: Record<string, unknown>): Record<string, unknown> {
  if (r.state !== 'Running') return {};
  return {
    publicmacaddress: d.publicip ? systemMac(r.id, 1) : undefined,
    publicnetmask: d.publicip ? (d.publicnetmask ?? '255.255.255.0') : undefined,
    privatemacaddress: d.privateip ? systemMac(r.id, 2) : undefined,
    privatenetmask: d.privateip ? (d.privatenetmask ?? '255.255.255.0') : undefined,
    linklocalmacaddress: d.linklocalip ? linkLocalMac(d.linklocalip as string, r.id) : undefined,
    linklocalnetmask: d.linklocalip ? (d.linklocalnetmask ?? '255.255.0.0') : undefined,
  };
}
