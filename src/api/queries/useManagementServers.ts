import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ManagementServer } from '../schemas';
import { listAll } from '../pages';

/** The management servers of the cloud (listManagementServers, root admin): state, version, `lastserverstart`. */
export function getManagementServers(signal?: AbortSignal): Promise<ManagementServer[]> {
  return listAll('listManagementServers', {}, { signal });
}

export const managementServersQueryOptions = queryOptions({
  queryKey: ['listManagementServers'] as const,
  queryFn: ({ signal }) => getManagementServers(signal),
  staleTime: 15_000,
  refetchInterval: 30_000,
});

export function useManagementServers(enabled = true) {
  return useQuery({ ...managementServersQueryOptions, enabled });
}

/**
 * The servers' `lastserverstart` values joined in one string: it changes when any management server restarts.
 * Comparing it before and after needs no clock of the browser's.
 */
export function startsOf(servers: readonly ManagementServer[] | undefined): string | undefined {
  if (!servers) return undefined;
  return servers.map((s) => `${s.id}@${s.lastserverstart ?? ''}`).sort().join(',');
}

/** The key under which the settings screen remembers the servers' starts at the time a setting was saved. */
export const savedBeforeRestartKey = (name: string, zoneid: string | undefined) => ['configurationSavedBeforeStart', name, zoneid ?? 'global'] as const;

/**
 * Remembers, for a setting that is not dynamic, the management servers' starts when it was saved (asking the
 * server afresh). Later, `restartState` compares them with the servers' starts now.
 */
export function useRememberSave() {
  const client = useQueryClient();
  return async (name: string, zoneid: string | undefined): Promise<void> => {
    try {
      const servers = await client.fetchQuery({ ...managementServersQueryOptions, staleTime: 0 });
      client.setQueryData(savedBeforeRestartKey(name, zoneid), startsOf(servers));
    } catch {
      // Without listManagementServers the screen still says a restart is required, not whether it happened.
      client.setQueryData(savedBeforeRestartKey(name, zoneid), '');
    }
  };
}

/**
 * Whether a restart happened since a non-dynamic setting was saved in this session: 'pending' (the servers'
 * starts are those seen at the save), 'restarted' (a server has started since), or undefined (no save seen, or
 * the starts are unknown).
 */
export function restartState(savedStarts: string | undefined, currentStarts: string | undefined): 'pending' | 'restarted' | undefined {
  if (!savedStarts || currentStarts === undefined) return undefined;
  return savedStarts === currentStarts ? 'pending' : 'restarted';
}
