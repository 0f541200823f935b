import { useCallback, useSyncExternalStore } from 'react';
import { LAST_SEEN_KEY } from './newAlerts';

const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(LAST_SEEN_KEY);
  } catch {
    return null;
  }
}

/** The date of the newest alert the admin has seen, shared by the header badge and the alerts page. */
export function useLastSeenAlert(): [string | null, (sent: string) => void] {
  const value = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => null,
  );
  const set = useCallback((sent: string) => {
    try {
      localStorage.setItem(LAST_SEEN_KEY, sent);
    } catch {
      // Storage may be off; the badge then counts from the start of the session.
    }
    for (const l of listeners) l();
  }, []);
  return [value, set];
}
