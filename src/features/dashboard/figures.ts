/**
 * The dashboard's figures, tallied from list answers. Pure functions, tested alone.
 */
import type { Router, SystemVm } from '../../api/schemas';

export type StateTally = Record<string, number>;

export interface RouterFigures {
  total: number;
  byState: StateTally;
  requiringUpgrade: number;
}

export type SystemVmType = SystemVm['systemvmtype'];

export interface SystemVmTypeFigures {
  total: number;
  byState: StateTally;
}

export interface SystemVmFigures {
  total: number;
  byType: Record<SystemVmType, SystemVmTypeFigures>;
}

export const SYSTEM_VM_TYPES: readonly SystemVmType[] = ['consoleproxy', 'secondarystoragevm'];

export const SYSTEM_VM_TYPE_LABELS: Record<SystemVmType, string> = {
  consoleproxy: 'Console proxy VMs',
  secondarystoragevm: 'Secondary storage VMs',
};

function increment(tally: StateTally, state: string): void {
  tally[state] = (tally[state] ?? 0) + 1;
}

/** Routers by state, and how many require an upgrade. */
export function tallyRouters(routers: readonly Pick<Router, 'state' | 'requiresupgrade'>[]): RouterFigures {
  const byState: StateTally = {};
  let requiringUpgrade = 0;
  for (const router of routers) {
    increment(byState, router.state);
    if (router.requiresupgrade === true) requiringUpgrade++;
  }
  return { total: routers.length, byState, requiringUpgrade };
}

/** System VMs by type, and each type by state. */
export function tallySystemVms(vms: readonly Pick<SystemVm, 'systemvmtype' | 'state'>[]): SystemVmFigures {
  const byType: Record<SystemVmType, SystemVmTypeFigures> = {
    consoleproxy: { total: 0, byState: {} },
    secondarystoragevm: { total: 0, byState: {} },
  };
  for (const vm of vms) {
    const figures = byType[vm.systemvmtype];
    figures.total++;
    increment(figures.byState, vm.state);
  }
  return { total: vms.length, byType };
}

/** States in a stable order for display: Running first, then the others by name. */
export function orderedStates(tally: StateTally): [state: string, count: number][] {
  return Object.entries(tally).sort(([a], [b]) => {
    if (a === b) return 0;
    if (a === 'Running') return -1;
    if (b === 'Running') return 1;
    return a.localeCompare(b);
  });
}

/** A test id fragment for a state or type: lower case, letters and digits joined by dashes. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
