/**
 * The progress of an upload as the page shows it: one step per uploadCustomCertificate call, then the
 * console proxies restarting, then the new console address. Pure functions over plain values.
 */
import type { UploadCall } from './checks';

export type StepState = 'waiting' | 'running' | 'done' | 'failed';

export interface UploadStep {
  label: string;
  state: StepState;
  message?: string;
  error?: string;
}

export type UploadPhase = 'idle' | 'uploading' | 'restarting' | 'finished' | 'failed';

export interface ProxyState {
  id: string;
  name: string;
  state: string;
  publicip?: string;
  jobid?: string;
}

export function stepLabel(call: Pick<UploadCall, 'id' | 'name' | 'privatekey'>): string {
  if (call.id === undefined) return 'Server certificate and private key';
  return call.name === 'root' ? `Root certificate (id ${call.id})` : `Intermediate certificate (id ${call.id}, ${call.name ?? ''})`;
}

export function initialSteps(calls: readonly Pick<UploadCall, 'id' | 'name' | 'privatekey'>[]): UploadStep[] {
  return calls.map((c) => ({ label: stepLabel(c), state: 'waiting' }));
}

export function updateStep(steps: readonly UploadStep[], index: number, change: Partial<UploadStep>): UploadStep[] {
  return steps.map((s, i) => (i === index ? { ...s, ...change } : s));
}

export interface RestartStatus {
  /** Proxies (of those running when the upload began) that are running again with no job on them. */
  back: number;
  total: number;
  done: boolean;
}

/**
 * How far the restart is: every console proxy that was running when the upload began must be Running again
 * with no job pending on it. A proxy that no longer exists does not hold the restart up.
 */
export function restartStatus(runningBefore: readonly string[], proxies: readonly ProxyState[]): RestartStatus {
  const byId = new Map(proxies.map((p) => [p.id, p]));
  let back = 0;
  for (const id of runningBefore) {
    const p = byId.get(id);
    if (!p || (p.state === 'Running' && !p.jobid)) back++;
  }
  return { back, total: runningBefore.length, done: back === runningBefore.length };
}

/** The console proxies' new names, aaa-bbb-ccc-ddd.<domain>, for those with a public IP. */
export function consoleHosts(proxies: readonly ProxyState[], suffix: string): { name: string; host: string }[] {
  const domain = suffix.replace(/^\*\./, '');
  return proxies
    .filter((p) => p.publicip && /^\d{1,3}(\.\d{1,3}){3}$/.test(p.publicip))
    .map((p) => ({ name: p.name, host: `${p.publicip!.replace(/\./g, '-')}.${domain}` }));
}
