/**
 * Secondary storage VM scaling in VMware zones, as CloudStack's secondary storage manager does it: each
 * SSVM takes up to secstorage.session.max commands at once; when fewer than secstorage.capacity.standby
 * sessions would be left free, another SSVM is started; when one SSVM fewer would still leave that many
 * free, an idle extra SSVM (never the zone's first) is stopped and removed.
 */
export interface SsvmLoad {
  id: string;
  /** Active background tasks (downloads, copies, snapshot backups) on this SSVM. */
  load: number;
  /** The zone's first SSVM, which always stays. */
  primary: boolean;
}

export type ScalingDecision = { action: 'none' } | { action: 'add' } | { action: 'remove'; id: string };

export function planSsvmScaling(input: {
  ssvms: SsvmLoad[];
  /** Tasks of the zone, including any not yet given to an SSVM. */
  zoneLoad: number;
  sessionMax: number;
  standby: number;
  /** SSVMs on their way up, counted as capacity already. */
  starting?: number;
}): ScalingDecision {
  const max = Math.max(1, input.sessionMax);
  const n = input.ssvms.length + (input.starting ?? 0);
  const free = n * max - input.zoneLoad;
  if (free < input.standby) return { action: 'add' };
  if (input.ssvms.length > 1 && !input.starting) {
    const idle = input.ssvms.filter((s) => !s.primary && s.load === 0);
    const freeWithoutOne = (n - 1) * max - input.zoneLoad;
    if (idle.length > 0 && freeWithoutOne >= input.standby) return { action: 'remove', id: idle[idle.length - 1]!.id };
  }
  return { action: 'none' };
}
