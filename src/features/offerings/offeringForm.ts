import type { ApiRequest } from '../../api/transport';
/** The create-system-offering form: its values, their checks, and the createServiceOffering parameters. */
export type SystemVmType = 'domainrouter' | 'consoleproxy' | 'secondarystoragevm';

export const SYSTEM_VM_TYPE_NAMES: Record<SystemVmType, string> = {
  domainrouter: 'Domain router',
  consoleproxy: 'Console proxy',
  secondarystoragevm: 'Secondary storage VM',
};

export interface SystemOfferingForm {
  name: string;
  displaytext: string;
  systemvmtype: SystemVmType;
  cpunumber: string;
  cpuspeed: string;
  memory: string;
  networkrate: string;
  offerha: boolean;
  storagetype: 'shared' | 'local';
}

export const EMPTY_FORM: SystemOfferingForm = {
  name: '', displaytext: '', systemvmtype: 'domainrouter', cpunumber: '1', cpuspeed: '500', memory: '256', networkrate: '', offerha: false,
  storagetype: 'shared',
};

type Errors = Partial<Record<keyof SystemOfferingForm, string>>;

function whole(v: string, min: number, max: number, what: string): string | undefined {
  if (!/^\d+$/.test(v.trim())) return `${what} must be a whole number`;
  const n = Number(v);
  return n < min || n > max ? `${what} must be between ${min} and ${max}` : undefined;
}

export function validateSystemOffering(f: SystemOfferingForm): Errors {
  const e: Errors = {};
  if (!f.name.trim()) e.name = 'Give the offering a name';
  else if (f.name.length > 255) e.name = 'At most 255 characters';
  const cpu = whole(f.cpunumber, 1, 512, 'CPU cores');
  if (cpu) e.cpunumber = cpu;
  const mhz = whole(f.cpuspeed, 100, 100_000, 'CPU speed (MHz)');
  if (mhz) e.cpuspeed = mhz;
  const mem = whole(f.memory, 32, 16_777_216, 'Memory (MB)');
  if (mem) e.memory = mem;
  if (f.networkrate.trim()) {
    const rate = whole(f.networkrate, 1, 1_000_000, 'Network rate (Mb/s)');
    if (rate) e.networkrate = rate;
  }
  return e;
}

/** The createServiceOffering parameters of a valid form (a description defaults to the name). */
export function toCreateParams(f: SystemOfferingForm): ApiRequest<'createServiceOffering'> {
  const rate = f.networkrate.trim();
  return {
    name: f.name.trim(), displaytext: f.displaytext.trim() || f.name.trim(), issystem: true, systemvmtype: f.systemvmtype,
    cpunumber: f.cpunumber.trim(), cpuspeed: f.cpuspeed.trim(), memory: f.memory.trim(), offerha: f.offerha, storagetype: f.storagetype,
    ...(rate ? { networkrate: rate } : {}),
  };
}

/** "2 × 1000 MHz" */
export function cpuText(cpunumber?: number, cpuspeed?: number): string {
  if (cpunumber === undefined) return '';
  return cpuspeed ? `${cpunumber} × ${cpuspeed} MHz` : `${cpunumber}`;
}

/** "1 GB", "512 MB" */
export function memoryText(mb?: number): string {
  if (mb === undefined) return '';
  return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`;
}

/** Reads the type filter of the URL. */
export function readTypeParam(v: string | null): SystemVmType | undefined {
  return v === 'domainrouter' || v === 'consoleproxy' || v === 'secondarystoragevm' ? v : undefined;
}
