import { useQuery } from '@tanstack/react-query';
import { callApi } from '../transport';

/** How often a screen that shows server data asks whether the management server still answers. */
export const REACHABILITY_INTERVAL_MS = 10_000;

/**
 * Whether the management server answers: listCapabilities (small, allowed to every role) asked every
 * REACHABILITY_INTERVAL_MS while a screen uses this hook, and at once when the window regains focus.
 * Never retried: one failure is the news. The query's error and errorUpdatedAt say what failed and when.
 */
export function useReachability() {
  return useQuery({
    queryKey: ['reachability'] as const,
    queryFn: async ({ signal }) => {
      await callApi('listCapabilities', {}, { signal });
      return Date.now();
    },
    refetchInterval: REACHABILITY_INTERVAL_MS,
    refetchOnWindowFocus: true,
    retry: false,
    staleTime: 0,
  });
}
