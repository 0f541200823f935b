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
