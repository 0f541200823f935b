/**
 * The session as React sees it: who is logged in, how the last session ended, and login/logout.
 * The session key itself stays inside the transport.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { sessionQueryKey, useCurrentUser } from '../../api/queries/useCurrentUser';
import { login, logout, onSessionExpired, type SessionUser } from '../../api/transport';

/** How the last session ended: the user logged out, or the server said 401. */
export type SessionEnd = 'logout' | 'expired' | null;

export interface SessionContextValue {
  /** undefined while the session is being checked, null when nobody is logged in. */
  user: SessionUser | null | undefined;
  /** pending: checking; error: the check failed (for example the server is unreachable). */
  status: 'pending' | 'error' | 'success';
  error: Error | null;
  /** True while the session is being checked again after an error. */
  checking: boolean;
  ended: SessionEnd;
  retry: () => void;
  logIn: (username: string, password: string, domain: string) => Promise<void>;
  logOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Everything cached for the previous user goes when a user logs in or out. */
function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useCurrentUser();
  const [ended, setEnded] = useState<SessionEnd>(null);

  useEffect(
    () =>
      onSessionExpired(() => {
        if (!queryClient.getQueryData(sessionQueryKey)) return;
        setEnded('expired');
        queryClient.setQueryData(sessionQueryKey, null);
      }),
    [queryClient],
  );

  const logIn = useCallback(
    async (username: string, password: string, domain: string) => {
      // A session check still in flight must not overwrite what this login sets.
      await queryClient.cancelQueries({ queryKey: sessionQueryKey });
      const user = await login(username, password, domain);
      forgetUserData(queryClient);
      setEnded(null);
      queryClient.setQueryData(sessionQueryKey, user);
    },
    [queryClient],
  );

  const logOut = useCallback(async () => {
    const done = logout();
    setEnded('logout');
    queryClient.setQueryData(sessionQueryKey, null);
    await done;
    forgetUserData(queryClient);
  }, [queryClient]);

  const { data, status, error, refetch, fetchStatus } = session;
  const checking = fetchStatus === 'fetching';
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  const value = useMemo<SessionContextValue>(
    () => ({ user: data, status, error, checking, ended, retry, logIn, logOut }),
    [data, status, error, checking, ended, retry, logIn, logOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>.');
  return value;
}
