import { createContext, useContext } from 'react';

/**
 * What a StaleDataGuard tells everything rendered under it in the React tree — including drawers, modals and
 * menus that Mantine renders in a portal, outside the guard's DOM: whether the management server cannot be
 * reached, since when (ms since the epoch), and the sentence to show beside a disabled action.
 */
export interface StaleData {
  stale: boolean;
  since?: number;
  /** "The management server has not answered since 17:02:11: this cannot be done until it answers again." */
  reason?: string;
}

export const NOT_STALE: StaleData = { stale: false };

export const StaleDataContext = createContext<StaleData>(NOT_STALE);

/** The nearest StaleDataGuard's state; not stale outside any guard. */
export function useStaleData(): StaleData {
  return useContext(StaleDataContext);
}

/** The reason shown on an action disabled because the server has not answered since `since` (ms since the epoch). */
export function staleReason(since: number): string {
  return `The management server has not answered since ${new Date(since).toLocaleTimeString()}: this cannot be done until it answers again.`;
}
