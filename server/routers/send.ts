import type { Simulator } from '../api/context';
import { checkRouterVersion, routerInternalId, type RouterRow } from './rows';

/**
 * Why the management server would not send a command to a router, or undefined when it would.
 * `NetworkHelperImpl.sendCommandsToRouter` refuses a router that fails `checkRouterVersion` with
 * `ResourceUnavailableException("Unable to send command. Router requires upgrade", VirtualRouter.class, id)`,
 * whose message CloudStack prefixes with the resource: "Resource [VirtualRouter:12] is unreachable: ...".
 * Only what is sent to the router is refused: start, stop, reboot, destroy and migrate are not sends.
 */
export function sendRefusal(sim: Simulator, r: RouterRow): string | undefined {
  if (checkRouterVersion(sim.settings, r)) return undefined;
  return `Resource [VirtualRouter:${routerInternalId(r)}] is unreachable: Unable to send command. Router requires upgrade`;
}

/** CloudStack's internal id of a zone (data_center.id), as exception texts show it. */
export function zoneInternalId(sim: Simulator, zoneid: string): number {
  const row = sim.db.prepare('SELECT rowid AS n FROM zones WHERE id = ?').get(zoneid) as { n: number } | undefined;
  return row?.n ?? 0;
}

/**
 * Applying a network's rules to its routers, as `BasicNetworkTopology.applyRules` does for each router:
 * a Running router gets the commands (through sendCommandsToRouter and its version check); a Stopped or
 * Stopping router is skipped (it gets the rules when it next starts); a router in any other state refuses
 * with "Unable to apply <type>, virtual router is not in the right state". Answers the first refusal's
 * text, or undefined when every router took the rules. `what` is CloudStack's type string, e.g.
 * "firewall rules", "port forwarding rules", "static nat rules", "dhcp entry".
 */
export function applyRulesRefusal(sim: Simulator, networkid: string, what: string): string | undefined {
  const routers = sim.db.prepare('SELECT * FROM routers WHERE networkid = ? ORDER BY rowid').all(networkid) as RouterRow[];
  for (const r of routers) {
    if (r.state === 'Running') {
      const refused = sendRefusal(sim, r);
      if (refused) return refused;
    } else if (r.state !== 'Stopped' && r.state !== 'Stopping') {
      return `Resource [DataCenter:${zoneInternalId(sim, r.zoneid)}] is unreachable: Unable to apply ${what}, virtual router is not in the right state`;
    }
  }
  return undefined;
}
