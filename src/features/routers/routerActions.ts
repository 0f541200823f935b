import type { Router } from '../../api/schemas';

export type RouterAction = 'start' | 'stop' | 'reboot' | 'destroy';

export interface ActionAvailability {
  /** False: the action is shown disabled, with `reason` as its tooltip. */
  allowed: boolean;
  reason?: string;
}

export interface ActionContext {
  /** router.version.check as the management server has it. */
  versionCheck: boolean;
  /** How many routers serve the router's network (or VPC), this one included. */
  routersInNetwork: number;
}

export function versionCheckReason(r: Pick<Router, 'requiresupgrade' | 'version'>, versionCheck: boolean): string | undefined {
  if (!versionCheck || !r.requiresupgrade) return undefined;
  return `This router requires an upgrade (version ${r.version ?? 'unknown'}) and router.version.check is on: the management server accepts no operation on it but the upgrade. Upgrade it first.`;
}

/** Whether each action is possible now, and if not, the reason to say. */
export function actionAvailability(r: Router, ctx: ActionContext): Record<RouterAction, ActionAvailability> {
  const locked = versionCheckReason(r, ctx.versionCheck);
  const busy = r.jobid && (r.jobstatus ?? 0) === 0 ? 'An operation on this router is in progress.' : undefined;
  const gate = (stateOk: boolean, stateReason: string): ActionAvailability => {
    const reason = busy ?? locked ?? (stateOk ? undefined : stateReason);
    return reason ? { allowed: false, reason } : { allowed: true };
  };
  return {
    start: gate(r.state === 'Stopped', `Only a stopped router can be started; this one is ${r.state}.`),
    stop: gate(r.state === 'Running', `Only a running router can be stopped; this one is ${r.state}.`),
    reboot: gate(r.state === 'Running', `Only a running router can be rebooted; this one is ${r.state}.`),
    destroy: gate(true, ''),
  };
}

/**
 * Destroy is not offered for the only router of a network: as the seed warns, restartNetwork with
 * cleanup=false cannot recreate it later; restartNetwork with cleanup=true destroys and recreates it.
 */
export function isOnlyRouter(ctx: Pick<ActionContext, 'routersInNetwork'>): boolean {
  return ctx.routersInNetwork <= 1;
}

/** The key a router's network is counted under: its guest network, or its VPC. */
export function networkKeyOf(r: Pick<Router, 'guestnetworkid' | 'vpcid'>): string | undefined {
  return r.vpcid ? `vpc:${r.vpcid}` : r.guestnetworkid ? `net:${r.guestnetworkid}` : undefined;
}

export function countByNetwork(routers: readonly Router[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of routers) {
    const k = networkKeyOf(r);
    if (k) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** What each action interrupts, said in its confirmation. */
export const ACTION_WARNINGS: Record<RouterAction, string> = {
  start: "Starting the router restores its network's services once it is up.",
  stop: "Stopping the router interrupts users' network access (DHCP, DNS, NAT, load balancing, VPN) until it is started again.",
  reboot: "Rebooting the router interrupts users' network access while it restarts.",
  destroy: "Destroying the router interrupts users' network access; the network's remaining router takes over.",
};
