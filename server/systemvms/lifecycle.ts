import type { Simulator } from '../api/context';

/**
 * What the console proxy code (server/console/) does when a console proxy VM changes state. The system VM
 * jobs call these hooks; the console code registers them with `registerConsoleProxyHooks` when it starts.
 * Until something registers, the calls do nothing (a simulator without console networking).
 *
 * - `started(vmId)`: the CPVM is Running (after start, reboot, migrate or as a new VM): open its listener.
 * - `stopping(vmId, reason)`: the CPVM goes down (stop, reboot, destroy, migrate): end its viewer sessions and
 *   close its listener. `reason` is a short text for the sessions' close message and the log.
 * - `destroyed(vmId)`: the CPVM is gone for good: forget anything kept for it.
 * - `activeSessions(vmId)`: the number of open viewer sessions, if the console code counts them (listSystemVms
 *   shows it as activeviewersessions; without a hook the stored value is shown).
 */
export interface ConsoleProxyHooks {
  started?(vmId: string): void;
  stopping?(vmId: string, reason: string): void;
  destroyed?(vmId: string): void;
  activeSessions?(vmId: string): number | undefined;
}

const hooksBySim = new WeakMap<Simulator, ConsoleProxyHooks[]>();

/** Registers console proxy hooks for one simulator; returns a function that unregisters them. */
export function registerConsoleProxyHooks(sim: Simulator, hooks: ConsoleProxyHooks): () => void {
  const list = hooksBySim.get(sim) ?? [];
  list.push(hooks);
  hooksBySim.set(sim, list);
  return () => {
    const current = hooksBySim.get(sim);
    if (current) hooksBySim.set(sim, current.filter((h) => h !== hooks));
  };
}

function each(sim: Simulator, fn: (h: ConsoleProxyHooks) => void): void {
  for (const h of hooksBySim.get(sim) ?? []) {
    try {
      fn(h);
    } catch (err) {
      // A failing hook must not undo the state change the job already made.
      sim.log(`console proxy hook failed: ${(err as Error).message}`);
    }
  }
}

/** Called by the system VM jobs; each does nothing for secondary storage VMs. */
export const consoleProxyLifecycle = {
  started(sim: Simulator, vm: { id: string; systemvmtype: string }): void {
    if (vm.systemvmtype === 'consoleproxy') each(sim, (h) => h.started?.(vm.id));
  },
  stopping(sim: Simulator, vm: { id: string; systemvmtype: string }, reason: string): void {
    if (vm.systemvmtype === 'consoleproxy') each(sim, (h) => h.stopping?.(vm.id, reason));
  },
  destroyed(sim: Simulator, vm: { id: string; systemvmtype: string }): void {
    if (vm.systemvmtype === 'consoleproxy') each(sim, (h) => h.destroyed?.(vm.id));
  },
  activeSessions(sim: Simulator, vmId: string): number | undefined {
    for (const h of hooksBySim.get(sim) ?? []) {
      const n = h.activeSessions?.(vmId);
      if (n !== undefined) return n;
    }
    return undefined;
  },
};
