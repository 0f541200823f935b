// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, waitFor } from '@testing-library/react';
import { makeTestPki, type TestPki } from '../../../server/testing/certificates';
import { getSystemVms } from '../../api/queries/useSystemVms';
import type { UploadCall } from './checks';
import { renderHookWithApi, simulatorForHookTests } from '../../test/renderWithApi';
import { useCertificateUpload } from './useCertificateUpload';

/**
 * The certificate upload hook against a simulator, through the app's own transport: each call in turn, the key
 * let go as its call starts, then the console proxies' restart watched to the end; a refused call stops the run
 * with CloudStack's errortext.
 */
describe('useCertificateUpload', () => {
  const sim = simulatorForHookTests();
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki('consoleproxy.test');
  });
  afterAll(() => {
    pki?.remove();
  });
  const suffix = '*.consoleproxy.test';

  it('uploads root, intermediate, then the server certificate with its key, and sees the proxies restart', async () => {
    const running = (await getSystemVms({ systemvmtype: 'consoleproxy' })).filter((p) => p.state === 'Running').map((p) => p.id);
    expect(running.length).toBeGreaterThan(0);
    const calls: UploadCall[] = [
      { certificate: pki.root, id: 1, name: 'root', domainsuffix: suffix },
      { certificate: pki.intermediate, id: 2, name: 'intermediate1', domainsuffix: suffix },
      { certificate: pki.server, privatekey: pki.serverKey, domainsuffix: suffix },
    ];
    const { result } = renderHookWithApi(() => useCertificateUpload());

    // Half way, made: the first call's job waits until the test lets the simulator's jobs go.
    sim.pauseJobs();
    act(() => void result.current.start(calls, suffix));
    await waitFor(() => expect(result.current.state.steps[0]?.state).toBe('running'), { timeout: 30_000 });
    expect(result.current.state.phase).toBe('uploading');
    expect(result.current.state.steps.slice(1).map((s) => s.state)).toEqual(['waiting', 'waiting']);
    expect(result.current.state.runningBefore.sort()).toEqual([...running].sort());
    // The key is still there for its own call, which has not started.
    expect(calls[2]!.privatekey).toBe(pki.serverKey);

    sim.resumeJobs();
    await waitFor(() => expect(result.current.state.phase).toBe('finished'), { timeout: 120_000 });
    expect(result.current.state.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(result.current.restart).toMatchObject({ done: true, back: running.length, total: running.length });
    // Once a call has run, nothing the caller holds refers to the key.
    expect(calls.map((c) => c.privatekey)).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(result.current.state)).not.toContain(pki.serverKey.split('\n')[1]!);
  }, 180_000);

  it("a refused call stops the run with CloudStack's errortext; the calls after it are not sent", async () => {
    const calls: UploadCall[] = [
      { certificate: 'not a certificate', id: 1, name: 'root', domainsuffix: suffix },
      { certificate: pki.server, privatekey: pki.serverKey, domainsuffix: suffix },
    ];
    const { result } = renderHookWithApi(() => useCertificateUpload());
    act(() => void result.current.start(calls, suffix));
    await waitFor(() => expect(result.current.state.phase).toBe('failed'), { timeout: 60_000 });
    const [first, second] = result.current.state.steps;
    expect(first?.state).toBe('failed');
    expect(first?.error).toBeTruthy();
    expect(result.current.state.error).toBe(first?.error);
    expect(second?.state).toBe('waiting');
    // The second call never started: it still holds its key, which the caller drops with the form.
    expect(calls[1]!.privatekey).toBe(pki.serverKey);

    act(() => result.current.reset());
    expect(result.current.state).toEqual({ phase: 'idle', steps: [], runningBefore: [] });
  }, 120_000);
});
