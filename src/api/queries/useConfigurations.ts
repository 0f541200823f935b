import { pendingRestartsKey } from './usePendingRestarts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Configuration } from '../schemas';
import { listAll } from '../pages';
import { callApi } from '../transport';

/** The settings of a scope: the zone's zone-scoped settings, or every global one (listConfigurations). */
export function getConfigurations(zoneid: string | undefined, signal?: AbortSignal): Promise<Configuration[]> {
  return listAll('listConfigurations', { zoneid }, { signal });
}

export function configurationsQueryOptions(zoneid: string | undefined) {
  return queryOptions({
    queryKey: ['listConfigurations', zoneid ?? 'global'] as const,
    queryFn: ({ signal }) => getConfigurations(zoneid, signal),
    staleTime: 30_000,
  });
}

export function useConfigurations(zoneid: string | undefined, enabled = true) {
  return useQuery({ ...configurationsQueryOptions(zoneid), enabled });
}

/** Puts a saved setting into the cached list of its scope, so the table shows what the server answered. */
function useStoreAnswer(zoneid: string | undefined) {
  const client = useQueryClient();
  return (saved: Configuration) => {
    client.setQueryData<Configuration[]>(configurationsQueryOptions(zoneid).queryKey, (list) =>
      list?.map((c) => (c.name === saved.name ? { ...c, ...saved } : c)),
    );
    // The save is a CONFIGURATION.VALUE.EDIT event: a non-dynamic setting is now pending a restart.
    void client.invalidateQueries({ queryKey: pendingRestartsKey });
  };
}

export function useUpdateConfiguration(zoneid: string | undefined) {
  const store = useStoreAnswer(zoneid);
  return useMutation({
    mutationFn: (v: { name: string; value: string }) => callApi('updateConfiguration', { name: v.name, value: v.value, zoneid }),
    onSuccess: store,
  });
}

export function useResetConfiguration(zoneid: string | undefined) {
  const store = useStoreAnswer(zoneid);
  return useMutation({
    mutationFn: (name: string) => callApi('resetConfiguration', { name, zoneid }),
    onSuccess: store,
  });
}
