// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTestServer, type TestServer } from '../../../server/testing/harness';
import { routeAppFetchTo } from '../../../server/testing/appFetch';
import { makeTestPki, type TestPki } from '../../../server/testing/certificates';
import { login, resetTransportForTests } from '../../api/transport';
import { getSystemVms } from '../../api/queries/useSystemVms';
import type { UploadCall } from './checks';
import { useCertificateUpload } from './useCertificateUpload';

/**
 * The certificate upload hook against a simulator, through the app's own transport: each call in turn, the key
 * let go as its call starts, then the console proxies' restart watched to the end; a refused call stops the run
 * with CloudStack's errortext.
 */
describe('useCertificateUpload', () => {
  let t: TestServer;
  let pki: TestPki;
  let restoreFetch: () => void;
  beforeAll(async () => {
    pki = makeTestPki('consoleproxy.test');
    t = await startTestServer({ routers: 10 });
    restoreFetch = routeAppFetchTo(t.url);
    await login('admin', 'password', '/');
  });
  afterAll(async () => {
    resetTransportForTests();
    restoreFetch?.();
    await t?.close();
    pki?.remove();
  });

  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{children}</QueryClientProvider>
  );
  const suffix = '*.consoleproxy.test';

  it('uploads root, intermediate, then the server certificate with its key, and sees the proxies restart', async () => {
    const running = (await getSystemVms({ systemvmtype: 'consoleproxy' })).filter((p) => p.state === 'Running').map((p) => p.id);
    expect(running.length).toBeGreaterThan(0);
    const calls: UploadCall[] = [
      { certificate: pki.root, id: 1, name: 'root', domainsuffix: suffix },
      { certificate: pki.intermediate, id: 2, name: 'intermediate1', domainsuffix: suffix },
      { certificate: pki.server, privatekey: pki.serverKey, domainsuffix: suffix },
    ];
    const { result } = renderHook(() => useCertificateUpload(), { wrapper });

    // Half way, made: the first call's job waits until the test lets the simulator's jobs go.
    t.pauseJobs();
    act(() => void result.current.start(calls, suffix));
    await waitFor(() => expect(result.current.state.steps[0]?.state).toBe('running'), { timeout: 30_000 });
    expect(result.current.state.phase).toBe('uploading');
    expect(result.current.state.steps.slice(1).map((s) => s.state)).toEqual(['waiting', 'waiting']);
    expect(result.current.state.runningBefore.sort()).toEqual([...running].sort());
    // The key is still there for its own call, which has not started.
    expect(calls[2]!.privatekey).toBe(pki.serverKey);

    t.server.running.sim.jobs.start();
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
    const { result } = renderHook(() => useCertificateUpload(), { wrapper });
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
