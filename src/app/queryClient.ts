import { QueryClient } from '@tanstack/react-query';
import { CloudStackError } from '../api/errors';

/**
 * Whether a failed query is worth another try: a network failure or a server-side fault may pass;
 * a refusal (401 session, 431 parameter, 432 command, 531 permission, ...) will not.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (error instanceof CloudStackError) return error.errorcode === 0 || error.errorcode === 530 || error.errorcode >= 533;
  return false;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        // Lists of 10,000 routers are not refetched because a window got focus.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
