import { useEffect, useState } from 'react';

/**
 * The time now (ms since the epoch), read when the component mounts and again every `everyMs` ms (default
 * 30 s), for text that depends on the clock ("next window in 2 h"). A render reads the clock only through
 * this state, so that rendering stays pure (the React Compiler's purity rule).
 */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
