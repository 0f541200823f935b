import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { uploadCustomCertificate } from '../../api/queries/useCustomCertificate';
import { systemVmsQueryOptions } from '../../api/queries/useSystemVms';
import { errorText } from '../../components/QueryError';
import type { UploadCall } from './checks';
import { initialSteps, restartStatus, updateStep, type ProxyState, type UploadPhase, type UploadStep } from './progress';

export interface UploadState {
  phase: UploadPhase;
  steps: UploadStep[];
  /** The console proxies that were running when the upload began: the ones that restart. */
  runningBefore: string[];
  /** The domain suffix of the upload, for the new console names. */
  domainsuffix?: string;
  error?: string;
}

const IDLE: UploadState = { phase: 'idle', steps: [], runningBefore: [] };
const PROXY_PARAMS = { systemvmtype: 'consoleproxy' } as const;

/**
 * Runs an upload: each uploadCustomCertificate call in turn (waiting for its job), then watches the console
 * proxies restart. Deliberately not a TanStack mutation: a mutation keeps its variables, and the variables
 * here hold the private key. Each call is taken out of the list as it runs, so that once the upload is over
 * nothing refers to the key any more.
 */
export function useCertificateUpload() {
  const client = useQueryClient();
  const [state, setState] = useState<UploadState>(IDLE);
  const abort = useRef<AbortController | undefined>(undefined);
  const watching = state.phase === 'uploading' || state.phase === 'restarting';
  const proxies = useQuery({ ...systemVmsQueryOptions(PROXY_PARAMS), refetchInterval: watching ? 1000 : false });
  const proxyStates: ProxyState[] = (proxies.data ?? []).map((p) => {
    const s: ProxyState = { id: p.id, name: p.name, state: p.state };
    if (p.publicip) s.publicip = p.publicip;
    if (p.jobid) s.jobid = p.jobid;
    return s;
  });

  useEffect(() => () => abort.current?.abort(), []);

  const restart = restartStatus(state.runningBefore, proxyStates);
  useEffect(() => {
    if (state.phase === 'restarting' && restart.done && !proxies.isFetching) {
      // The polled proxies (an external source) say the restart is over; the same moment refreshes the queries.
      // eslint-disable-next-line react-hooks/set-state-in-effect -- follows a polled query, and must run once with the invalidations
      setState((s) => (s.phase === 'restarting' ? { ...s, phase: 'finished' } : s));
      void client.invalidateQueries({ queryKey: ['listConfigurations'] });
      void client.invalidateQueries({ queryKey: ['listSystemVms'] });
    }
  }, [state.phase, restart.done, proxies.isFetching, client]);

  const start = useCallback(
    async (calls: UploadCall[], domainsuffix: string) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const current = await client.fetchQuery({ ...systemVmsQueryOptions(PROXY_PARAMS), staleTime: 0 }).catch(() => []);
      const runningBefore = current.filter((p) => p.state === 'Running').map((p) => p.id);
      setState({ phase: 'uploading', steps: initialSteps(calls), runningBefore, domainsuffix });
      for (let i = 0; i < calls.length; i++) {
        const params = calls[i]!;
        // While this call runs, only this local variable holds the key.
        calls[i] = { ...params, privatekey: undefined };
        setState((s) => ({ ...s, steps: updateStep(s.steps, i, { state: 'running' }) }));
        try {
          const message = await uploadCustomCertificate(params, { signal: controller.signal });
          setState((s) => ({ ...s, steps: updateStep(s.steps, i, { state: 'done', message }) }));
        } catch (error) {
          if (controller.signal.aborted) return;
          const text = errorText(error);
          setState((s) => ({ ...s, phase: 'failed', error: text, steps: updateStep(s.steps, i, { state: 'failed', error: text }) }));
          return;
        }
      }
      setState((s) => ({ ...s, phase: 'restarting' }));
      void client.invalidateQueries({ queryKey: ['listSystemVms'] });
    },
    [client],
  );

  const reset = useCallback(() => {
    abort.current?.abort();
    setState(IDLE);
  }, []);

  return { state, start, reset, proxies: proxyStates, proxiesError: proxies.error, restart };
}
