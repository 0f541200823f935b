import type { SystemVm } from '../../api/schemas';

/**
 * Upgrading the system VMs of a zone, as CloudStack's `cloudstack-sysvmadm` script does after a management
 * server upgrade (its upgrade instructions, "Restart system VMs"): each console proxy and
 * secondary storage VM of the zone is recreated, one at a time, on the current system VM template.
 * CloudStack has no single API for it; like an admin tool, the app destroys a VM (destroySystemVm),
 * CloudStack deploys a new one of that type on the template the zone uses now, and the app waits until
 * that one runs before it goes on. A failure stops the run, so a zone never loses both at once.
 */
export type StepStatus = 'waiting' | 'destroying' | 'deploying' | 'done' | 'failed';

export interface UpgradeStep {
  vmId: string;
  name: string;
  systemvmtype: SystemVm['systemvmtype'];
  status: StepStatus;
  /** The VM deployed in its place. */
  newName?: string;
  newVersion?: string;
  error?: string;
}

export interface ZoneUpgradeState {
  zoneid: string;
  zonename: string;
  steps: UpgradeStep[];
  phase: 'running' | 'done' | 'failed' | 'cancelled';
}

export interface UpgradeApi {
  /** destroySystemVm and wait for its job. */
  destroy(id: string, signal?: AbortSignal): Promise<void>;
  /** The system VMs of the zone now. */
  list(zoneid: string, signal?: AbortSignal): Promise<SystemVm[]>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The steps of a zone: console proxies first (their users notice most), then secondary storage VMs. */
export function planZoneUpgrade(zoneid: string, zonename: string, vms: readonly SystemVm[]): ZoneUpgradeState {
  const mine = vms.filter((v) => v.zoneid === zoneid && v.state !== 'Expunging' && v.state !== 'Destroyed');
  const order = (v: SystemVm) => (v.systemvmtype === 'consoleproxy' ? 0 : 1);
  const steps = [...mine]
    .sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, undefined, { numeric: true }))
    .map((v) => ({ vmId: v.id, name: v.name, systemvmtype: v.systemvmtype, status: 'waiting' as const }));
  return { zoneid, zonename, steps, phase: steps.length ? 'running' : 'done' };
}

export function upgradeProgress(s: ZoneUpgradeState): { done: number; total: number; percent: number; current?: UpgradeStep } {
  const total = s.steps.length;
  const done = s.steps.filter((x) => x.status === 'done').length;
  const current = s.steps.find((x) => x.status === 'destroying' || x.status === 'deploying');
  const partial = current ? (current.status === 'deploying' ? 0.5 : 0.15) : 0;
  return { done, total, percent: total ? Math.round(((done + partial) / total) * 100) : 100, current };
}

/** Runs the plan; `onChange` receives every new state. Answers the final state. */
export async function runZoneUpgrade(
  plan: ZoneUpgradeState,
  api: UpgradeApi,
  onChange: (s: ZoneUpgradeState) => void,
  opts: { signal?: AbortSignal; pollMs?: number; timeoutMs?: number } = {},
): Promise<ZoneUpgradeState> {
  let state: ZoneUpgradeState = { ...plan, steps: plan.steps.map((s) => ({ ...s })), phase: 'running' };
  const set = (i: number, patch: Partial<UpgradeStep>, phase = state.phase) => {
    state = { ...state, phase, steps: state.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) };
    onChange(state);
  };
  const pollMs = opts.pollMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  onChange(state);
  for (let i = 0; i < state.steps.length; i++) {
    const step = state.steps[i]!;
    if (step.status === 'done') continue;
    try {
      const before = new Set((await api.list(state.zoneid, opts.signal)).map((v) => v.id));
      set(i, { status: 'destroying' });
      await api.destroy(step.vmId, opts.signal);
      set(i, { status: 'deploying' });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await api.list(state.zoneid, opts.signal);
        const fresh = now.find((v) => v.systemvmtype === step.systemvmtype && !before.has(v.id));
        if (fresh) set(i, { newName: fresh.name, newVersion: fresh.version });
        if (fresh?.state === 'Running') break;
        if (fresh && (fresh.state === 'Error' || fresh.state === 'Stopped')) {
          throw new Error(`The new ${step.systemvmtype === 'consoleproxy' ? 'console proxy' : 'secondary storage VM'} ${fresh.name} is ${fresh.state}`);
        }
        if (Date.now() > deadline) throw new Error(`No new VM came up in place of ${step.name} within ${Math.round(timeoutMs / 1000)} s`);
        await api.sleep(pollMs, opts.signal);
      }
      set(i, { status: 'done' });
    } catch (err) {
      if (opts.signal?.aborted) {
        set(i, { status: 'failed', error: 'Cancelled' }, 'cancelled');
        return state;
      }
      set(i, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, 'failed');
      return state;
    }
  }
  state = { ...state, phase: 'done' };
  onChange(state);
  return state;
}
