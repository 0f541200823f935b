import type { Db } from '../db/database';
import type { Caller } from '../api/context';
import { canAccess } from '../api/access';

/** A machine whose console can be opened: a guest VM, a virtual router, or a system VM. */
export interface ConsoleVm {
  kind: 'vm' | 'router' | 'systemvm';
  id: string;
  name: string;
  zoneid: string;
  state: string;
  /** Owner of guest VMs and routers; system VMs belong to the system. */
  owner?: { accountid: string; domainpath: string };
}

export function findConsoleVm(db: Db, id: string): ConsoleVm | undefined {
  const vm = db.prepare('SELECT id, name, zoneid, state, accountid, domainpath FROM vms WHERE id = ?').get(id) as
    | { id: string; name: string; zoneid: string; state: string; accountid: string; domainpath: string }
    | undefined;
  if (vm) return { kind: 'vm', id: vm.id, name: vm.name, zoneid: vm.zoneid, state: vm.state, owner: vm };
  const r = db.prepare('SELECT id, name, zoneid, state, accountid, domainpath FROM routers WHERE id = ?').get(id) as
    | { id: string; name: string; zoneid: string; state: string; accountid: string; domainpath: string }
    | undefined;
  if (r) return { kind: 'router', id: r.id, name: r.name, zoneid: r.zoneid, state: r.state, owner: r };
  const s = db.prepare('SELECT id, name, zoneid, state FROM systemvms WHERE id = ?').get(id) as
    | { id: string; name: string; zoneid: string; state: string }
    | undefined;
  if (s) return { kind: 'systemvm', id: s.id, name: s.name, zoneid: s.zoneid, state: s.state };
  return undefined;
}

/**
 * Whether a caller may open a machine's console: users their own guest VMs; domain admins the guest VMs
 * and routers of their domain subtree; the root admin anything, system VMs included.
 */
export function mayOpenConsole(caller: Caller, vm: ConsoleVm): boolean {
  if (caller.accounttype === 1) return true;
  if (vm.kind === 'systemvm') return false;
  if (vm.kind === 'router' && caller.accounttype !== 2) return false;
  return canAccess(caller, vm.owner!);
}
