import type { SystemVm } from '../../api/schemas';

export type SystemVmAction = 'start' | 'stop' | 'reboot' | 'destroy' | 'migrate' | 'diagnostics';

export const ACTION_LABELS: Record<SystemVmAction, string> = {
  start: 'Start',
  stop: 'Stop',
  reboot: 'Reboot',
  destroy: 'Destroy',
  migrate: 'Migrate to another host',
  diagnostics: 'Run diagnostics',
};

/** The actions a system VM offers in its state; none while a job acts on it. */
export function availableActions(vm: Pick<SystemVm, 'state' | 'jobid' | 'jobstatus'>): SystemVmAction[] {
  if (vm.jobid && (vm.jobstatus === undefined || vm.jobstatus === 0)) return [];
  switch (vm.state) {
    case 'Running':
      return ['stop', 'reboot', 'migrate', 'diagnostics', 'destroy'];
    case 'Stopped':
      return ['start', 'destroy'];
    case 'Error':
      return ['destroy'];
    default:
      return [];
  }
}

export interface ActionWarning {
  /** What happens to the users of this VM; undefined when nobody is interrupted. */
  interrupts?: string;
  /** What else follows from the action. */
  note?: string;
  confirmLabel: string;
  color: 'red' | 'orange' | 'blue';
}

/**
 * What the confirmation of an action says: a console proxy that stops or restarts ends every console
 * session it carries; a secondary storage VM that stops pauses template downloads, copies and snapshot backups.
 */
export function actionWarning(vm: Pick<SystemVm, 'name' | 'systemvmtype' | 'activeviewersessions'>, action: SystemVmAction): ActionWarning {
  const cpvm = vm.systemvmtype === 'consoleproxy';
  const sessions = vm.activeviewersessions ?? 0;
  const consoleWord = sessions === 1 ? '1 open console session' : `${sessions} open console sessions`;
  const users = cpvm
    ? `Users' console sessions through ${vm.name} end${sessions > 0 ? ` (${consoleWord} now)` : ''}; they must open their consoles again.`
    : `Template downloads, copies between zones and snapshot backups on ${vm.name} stop until it is running again.`;
  switch (action) {
    case 'stop':
      return { interrupts: users, note: cpvm ? 'New consoles go to another running console proxy of the zone, if there is one.' : undefined,
        confirmLabel: `Stop ${vm.name}`, color: 'orange' };
    case 'reboot':
      return { interrupts: users, confirmLabel: `Reboot ${vm.name}`, color: 'orange' };
    case 'destroy':
      return { interrupts: users, note: `CloudStack deploys a new ${cpvm ? 'console proxy' : 'secondary storage VM'} in the zone in its place, on the current system VM template.`,
        confirmLabel: `Destroy ${vm.name}`, color: 'red' };
    case 'migrate':
      return { note: cpvm ? 'A live migration: console sessions continue.' : 'A live migration: running tasks continue.', confirmLabel: 'Migrate', color: 'blue' };
    default:
      return { confirmLabel: ACTION_LABELS[action], color: 'blue' };
  }
}

export const TYPE_LABELS: Record<SystemVm['systemvmtype'], string> = {
  consoleproxy: 'Console proxy',
  secondarystoragevm: 'Secondary storage VM',
};

export interface ZoneGroup {
  zoneid: string;
  zonename: string;
  hypervisor?: string;
  vms: SystemVm[];
}

/** System VMs grouped by zone (zones by name), console proxies first, then by name. */
export function groupByZone(vms: readonly SystemVm[]): ZoneGroup[] {
  const zones = new Map<string, ZoneGroup>();
  for (const vm of vms) {
    let g = zones.get(vm.zoneid);
    if (!g) {
      g = { zoneid: vm.zoneid, zonename: vm.zonename ?? vm.zoneid, hypervisor: vm.hypervisor, vms: [] };
      zones.set(vm.zoneid, g);
    }
    g.vms.push(vm);
  }
  const order = (vm: SystemVm) => (vm.systemvmtype === 'consoleproxy' ? 0 : 1);
  for (const g of zones.values()) {
    g.vms.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  }
  return [...zones.values()].sort((a, b) => a.zonename.localeCompare(b.zonename));
}

/** True while something on the page is in motion, so the list is polled (VMware SSVMs come and go too). */
export function inMotion(vms: readonly SystemVm[]): boolean {
  return vms.some((vm) => !['Running', 'Stopped', 'Error'].includes(vm.state) || (vm.jobid !== undefined && vm.jobstatus === 0));
}

/** The page's filters as they live in the URL: ?zone=<zone id>&type=consoleproxy|secondarystoragevm. */
export interface SystemVmFilters {
  zoneid?: string;
  type?: SystemVm['systemvmtype'];
}

export function readSystemVmFilters(p: URLSearchParams): SystemVmFilters {
  const f: SystemVmFilters = {};
  const zone = p.get('zone');
  if (zone && /^[0-9a-f-]{36}$/i.test(zone)) f.zoneid = zone;
  const type = p.get('type');
  if (type === 'consoleproxy' || type === 'secondarystoragevm') f.type = type;
  return f;
}

export function filterSystemVms(vms: readonly SystemVm[], f: SystemVmFilters): SystemVm[] {
  return vms.filter((v) => (!f.zoneid || v.zoneid === f.zoneid) && (!f.type || v.systemvmtype === f.type));
}
