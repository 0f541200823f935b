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

/** The router's other operations, each opening a modal of its own. */
export type RouterTool = 'migrate' | 'diagnostics' | 'changeOffering' | 'changeNetworkOffering';

export interface ToolContext {
  versionCheck: boolean;
  /** migrateSystemVm, findHostsForMigration and runDiagnostics are for the root admin only. */
  rootAdmin: boolean;
}

/**
 * Whether each of the router's other operations is possible now, and if not, why. The same order of
 * reasons as the actions: a job in progress, then router.version.check, then who may, then the state.
 */
export function toolAvailability(r: Router, ctx: ToolContext): Record<RouterTool, ActionAvailability> {
  const locked = versionCheckReason(r, ctx.versionCheck);
  const busy = r.jobid && (r.jobstatus ?? 0) === 0 ? 'An operation on this router is in progress.' : undefined;
  const rootOnly = (what: string) => (ctx.rootAdmin ? undefined : `Only the root admin can ${what}.`);
  const result = (...reasons: (string | undefined)[]): ActionAvailability => {
    const reason = [busy, locked, ...reasons].find((x) => x !== undefined);
    return reason ? { allowed: false, reason } : { allowed: true };
  };
  const running = r.state === 'Running';
  return {
    migrate: result(
      rootOnly('migrate a router'),
      running ? undefined : `Only a running router can be migrated; this one is ${r.state}.`,
      !running || r.hostid ? undefined : 'The router has no host to migrate from.',
    ),
    diagnostics: result(
      rootOnly('run diagnostics on a router'),
      running ? undefined : `Diagnostics run on a running router only; this one is ${r.state}.`,
    ),
    changeOffering: result(
      running || r.state === 'Stopped' ? undefined : `The offering is changed on a stopped router; this one is ${r.state}.`,
    ),
    changeNetworkOffering: result(
      r.guestnetworkid
        ? undefined
        : r.vpcid
          ? `This router serves VPC ${r.vpcname ?? r.vpcid}: its tiers' network offerings are changed from the VPC.`
          : 'This router has no guest network.',
    ),
  };
}

/**
 * Destroy is not offered for the only router of a network: restartNetwork with cleanup=false does not
 * recreate it later; restartNetwork with cleanup=true destroys and recreates it (RestartNetworkCmd's
 * `cleanup`, NetworkOrchestrator.restartNetwork in CloudStack's engine/orchestration).
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
