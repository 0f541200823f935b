import { queryOptions, useQuery } from '@tanstack/react-query';
import { resumeSession, type SessionUser } from '../transport';

/** The cache key of the logged-in user; `null` data means nobody is logged in. */
export const sessionQueryKey = ['session'] as const;

/** Asks the serving process once whether the session cookie still holds a session. */
export const sessionQueryOptions = queryOptions<SessionUser | null>({
  queryKey: sessionQueryKey,
  queryFn: ({ signal }) => resumeSession(signal),
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
});

/** The logged-in user (data null: nobody), as restored at start or set by the login page. */
export function useCurrentUser() {
  return useQuery(sessionQueryOptions);
}
