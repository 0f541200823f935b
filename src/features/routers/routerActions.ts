import type { Router } from '../../api/schemas';

export type RouterAction = 'start' | 'stop' | 'reboot' | 'destroy';

export interface ActionAvailability {
  /** False: the action is shown disabled, with `reason` as its tooltip. */
  allowed: boolean;
  reason?: string;
}

export interface ActionContext {
  /** router.version.check as the management server has it (it does not gate these actions). */
  versionCheck: boolean;
  /** How many routers serve the router's network (or VPC), this one included. */
  routersInNetwork: number;
}

/**
 * Why the router's network services are frozen, or undefined. With router.version.check on, the management
 * server refuses to send an outdated router any configuration (NetworkHelperImpl.sendCommandsToRouter):
 * its network's users cannot add or remove firewall, port forwarding or static NAT rules, nor deploy VMs
 * into it, until the router is upgraded. A stopped router is sent nothing, so it freezes nothing.
 */
export function frozenReason(r: Pick<Router, 'requiresupgrade' | 'version' | 'state' | 'guestnetworkname' | 'guestnetworkid' | 'vpcname' | 'vpcid'>, versionCheck: boolean): string | undefined {
  if (!isFrozen(r, versionCheck)) return undefined;
  const where = r.vpcid ? `VPC ${r.vpcname ?? r.vpcid}` : `network ${r.guestnetworkname ?? r.guestnetworkid ?? ''}`;
  return `The services of ${where} are frozen: router.version.check is on and this router's version (${r.version ?? 'unknown'}) is below the zone's minreq.sysvmtemplate.version, so the management server sends it no configuration. Firewall, port forwarding and static NAT changes and new VMs in the ${r.vpcid ? 'VPC' : 'network'} are refused until the router is upgraded. Starting, stopping, rebooting, migrating and destroying it are allowed.`;
}

/** True when frozenReason gives a reason (without composing its text: this runs over every router of a list). */
export function isFrozen(r: Pick<Router, 'requiresupgrade' | 'state'>, versionCheck: boolean): boolean {
  return versionCheck && r.requiresupgrade === true && r.state === 'Running';
}

/**
 * Whether each action is possible now, and if not, the reason to say. router.version.check does not
 * refuse them (they send the router no command), so only a job in progress and the state count.
 */
export function actionAvailability(r: Router, _ctx: ActionContext): Record<RouterAction, ActionAvailability> {
  const busy = r.jobid && (r.jobstatus ?? 0) === 0 ? 'An operation on this router is in progress.' : undefined;
  const gate = (stateOk: boolean, stateReason: string): ActionAvailability => {
    const reason = busy ?? (stateOk ? undefined : stateReason);
    return reason ? { allowed: false, reason } : { allowed: true };
  };
  return {
    start: gate(r.state === 'Stopped', `Only a stopped router can be started; this one is ${r.state}.`),
    stop: gate(r.state === 'Running', `Only a running router can be stopped; this one is ${r.state}.`),
    // CloudStack's reboot fails in its job for a router that is not Running ("not in right state").
    reboot: gate(r.state === 'Running', `Only a running router can be rebooted; this one is ${r.state}.`),
    destroy: gate(true, ''),
  };
}

/** The router's other operations, each opening a modal of its own. */
export type RouterTool = 'migrate' | 'diagnostics' | 'changeOffering' | 'changeNetworkOffering';

export interface ToolContext {
  /** router.version.check; it does not gate these operations (the server decides, and says why). */
  versionCheck: boolean;
  /** migrateSystemVm, findHostsForMigration and runDiagnostics are for the root admin only. */
  rootAdmin: boolean;
}

/**
 * Whether each of the router's other operations is possible now, and if not, why: a job in progress, then
 * who may, then the state. router.version.check refuses none of them in the UI: migrate, diagnostics and a
 * change of offering send the router no configuration.
 */
export function toolAvailability(r: Router, ctx: ToolContext): Record<RouterTool, ActionAvailability> {
  const busy = r.jobid && (r.jobstatus ?? 0) === 0 ? 'An operation on this router is in progress.' : undefined;
  const rootOnly = (what: string) => (ctx.rootAdmin ? undefined : `Only the root admin can ${what}.`);
  const result = (...reasons: (string | undefined)[]): ActionAvailability => {
    const reason = [busy, ...reasons].find((x) => x !== undefined);
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

/** A network (or VPC) whose services are frozen, with the routers that freeze it. */
export interface FrozenNetwork {
  key: string;
  /** "network web-net" or "VPC prod". */
  name: string;
  account?: string;
  domain?: string;
  zonename?: string;
  routers: Router[];
}

/**
 * Natural order of network names (network 9 before network 10); one collator for every comparison, made when the
 * frozen networks are first listed rather than when the routers screen's code loads.
 */
let networkCollator: Intl.Collator | undefined;

/** The networks and VPCs whose services router.version.check freezes now (see frozenReason), sorted by name. */
export function frozenNetworks(routers: readonly Router[], versionCheck: boolean): FrozenNetwork[] {
  if (!versionCheck) return [];
  const byKey = new Map<string, FrozenNetwork>();
  for (const r of routers) {
    if (!isFrozen(r, versionCheck)) continue;
    const key = networkKeyOf(r);
    if (!key) continue;
    let n = byKey.get(key);
    if (!n) {
      n = { key, name: r.vpcid ? `VPC ${r.vpcname ?? r.vpcid}` : `network ${r.guestnetworkname ?? r.guestnetworkid}`, account: r.account,
        domain: r.domainpath ?? r.domain, zonename: r.zonename, routers: [] };
      byKey.set(key, n);
    }
    n.routers.push(r);
  }
  const collator = (networkCollator ??= new Intl.Collator(undefined, { numeric: true }));
  return [...byKey.values()].sort((a, b) => collator.compare(a.name, b.name));
}

/** How many networks and VPCs frozenNetworks would list: one pass, nothing built or sorted. */
export function frozenNetworkCount(routers: readonly Router[], versionCheck: boolean): number {
  if (!versionCheck) return 0;
  const keys = new Set<string>();
  for (const r of routers) {
    if (!isFrozen(r, versionCheck)) continue;
    const key = networkKeyOf(r);
    if (key) keys.add(key);
  }
  return keys.size;
}
