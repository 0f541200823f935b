import { useQuery } from '@tanstack/react-query';
import type { ManagementServer } from '../schemas';
import type { z } from 'zod';
import type { eventSchema } from '../schemas/job';
import { listAll } from '../pages';
import { getManagementServers } from './useManagementServers';

type Event = z.infer<typeof eventSchema>;

/** The event type CloudStack records on updateConfiguration (ConfigurationManagerImpl, @ActionEvent). */
export const CONFIGURATION_EDIT_EVENT = 'CONFIGURATION.VALUE.EDIT';

/** Milliseconds since the epoch of a CloudStack date (`2021-09-29T17:50:11+0000`), or undefined. */
function timeOf(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const ms = Date.parse(date.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when `description` names `name` as a whole word (setting names hold letters, digits, `.`, `-`, `_`). */
function names(description: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`, 'i').test(description);
}

/**
 * The names, among `staticNames` (settings with `isdynamic` false), changed after the last management-server
 * start: a CONFIGURATION.VALUE.EDIT event whose description names the setting and whose `created` is later than
 * the earliest `lastserverstart` of the servers (a value is in effect only once every server has restarted).
 * Without a known start nothing is reported pending. Times compare to the second, as CloudStack answers them; an
 * edit in the same second as the start counts as applied.
 */
export function pendingRestartNames(
  staticNames: readonly string[],
  servers: readonly Pick<ManagementServer, 'lastserverstart'>[],
  events: readonly Pick<Event, 'type' | 'description' | 'created'>[],
): Set<string> {
  const starts = servers.map((s) => timeOf(s.lastserverstart)).filter((t): t is number => t !== undefined);
  const pending = new Set<string>();
  if (starts.length === 0) return pending;
  const start = Math.min(...starts);
  for (const e of events) {
    if (e.type !== CONFIGURATION_EDIT_EVENT || !e.description) continue;
    const at = timeOf(e.created);
    if (at === undefined || at <= start) continue;
    for (const n of staticNames) if (names(e.description, n)) pending.add(n);
  }
  return pending;
}

/** The key of the record the settings screen reads restarts from; invalidate it after a setting is saved. */
export const pendingRestartsKey = ['pendingRestarts'] as const;

/**
 * The non-dynamic settings (of `staticNames`) waiting for a management-server restart, from the server's own
 * record (listManagementServers `lastserverstart`, listEvents type CONFIGURATION.VALUE.EDIT): it survives a
 * reload. One shared query for every row of the screen (root admin only, as both commands are); refreshes every
 * 10 s to see a restart soon after it happens.
 */
export function usePendingRestarts(staticNames: readonly string[], enabled = true) {
  return useQuery({
    queryKey: pendingRestartsKey,
    queryFn: async ({ signal }) => {
      const servers = await getManagementServers(signal);
      const events = await listAll('listEvents', { listall: true, type: CONFIGURATION_EDIT_EVENT }, { signal });
      return { servers, events };
    },
    select: (d) => pendingRestartNames(staticNames, d.servers, d.events),
    enabled: enabled && staticNames.length > 0,
    staleTime: 5_000,
    refetchInterval: 10_000,
  });
}
