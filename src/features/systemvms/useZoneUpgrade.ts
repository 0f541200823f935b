import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getSystemVms } from '../../api/queries/useSystemVms';
import { runJob } from '../../api/queries/systemVmActions';
import { runZoneUpgrade, type UpgradeApi, type ZoneUpgradeState } from './zoneUpgrade';

const api: UpgradeApi = {
  destroy: async (id, signal) => {
    await runJob('destroySystemVm', { id }, { signal, intervalMs: 1000 });
  },
  list: (zoneid, signal) => getSystemVms({ zoneid }, signal),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason);
      }, { once: true });
    }),
};

/** The running (or last) upgrade of one zone's system VMs, and how to start one. */
export function useZoneUpgrade() {
  const client = useQueryClient();
  const [state, setState] = useState<ZoneUpgradeState | null>(null);
  const abort = useRef<AbortController | null>(null);
  const start = (plan: ZoneUpgradeState) => {
    abort.current = new AbortController();
    void runZoneUpgrade(plan, api, (s) => {
      setState(s);
      void client.invalidateQueries({ queryKey: ['listSystemVms'] });
    }, { signal: abort.current.signal });
  };
  return { state, start, cancel: () => abort.current?.abort(), clear: () => setState(null) };
}
