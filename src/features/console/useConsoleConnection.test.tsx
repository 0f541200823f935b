// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/" }
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { login } from '../../api/transport';
import { getVirtualMachines } from '../../api/queries/useVirtualMachines';
import type { ConsoleEndpoint } from '../../api/commands';
import type * as EndpointModule from '../../api/queries/consoleEndpoint';
import { simulatorForHookTests } from '../../test/renderWithApi';
import { useConsoleConnection } from './useConsoleConnection';

/**
 * The console connection hook against a simulator and its real console proxy, through the app's own transport.
 * noVNC is replaced by a stand-in that records what the hook asks of it and lets the test say when the RFB
 * session is up (happy-dom has no canvas to draw on); the WebSocket is a real one to the proxy.
 */
const rfbs: FakeRfb[] = [];
class FakeRfb extends EventTarget {
  scaleViewport = false;
  background = '';
  focusOnClick = false;
  keys: number[] = [];
  disconnected = false;
  constructor(readonly target: HTMLElement, readonly ws: WebSocket) {
    super();
    rfbs.push(this);
  }
  sendKey(keysym: number, _code: string | null, down?: boolean): void {
    if (down !== false) this.keys.push(keysym);
  }
  sendCtrlAltDel(): void {}
  focus(): void {}
  disconnect(): void {
    this.disconnected = true;
    this.ws.close();
  }
}
vi.mock('@novnc/novnc', () => ({ default: FakeRfb }));

// Endpoints the app asked for; `replay` makes the next request answer the last one again (a used token).
const endpoints = vi.hoisted(() => ({ last: undefined as unknown, replay: false }));
vi.mock('../../api/queries/consoleEndpoint', async (original) => {
  const real = await original<typeof EndpointModule>();
  return {
    ...real,
    createConsoleEndpoint: async (...args: Parameters<typeof real.createConsoleEndpoint>) => {
      if (endpoints.replay && endpoints.last) return endpoints.last as ConsoleEndpoint;
      endpoints.last = await real.createConsoleEndpoint(...args);
      return endpoints.last as ConsoleEndpoint;
    },
  };
});

describe('useConsoleConnection', () => {
  // Each test logs in as the user it needs.
  simulatorForHookTests({ routers: 10 }, null);
  beforeEach(() => {
    rfbs.length = 0;
    endpoints.replay = false;
  });

  async function aliceVm(): Promise<{ id: string; name: string }> {
    await login('alice', 'password', '/ROOT/Engineering/');
    const vm = (await getVirtualMachines({ state: 'Running' }))[0];
    expect(vm, 'alice has a running VM').toBeDefined();
    return vm!;
  }

  function open(vmId: string) {
    const hook = renderHook(() => useConsoleConnection(vmId));
    hook.result.current.screenRef.current = document.createElement('div');
    return hook;
  }

  it('connects through the proxy, names the desktop, types keys, and closes when the user closes it', async () => {
    const vm = await aliceVm();
    const { result, unmount } = open(vm.id);
    await waitFor(() => expect(rfbs).toHaveLength(1), { timeout: 30_000 });
    const rfb = rfbs[0]!;
    // The status is set before noVNC is made; the render that shows it may come after (a busy machine).
    await waitFor(() => expect(result.current.status).toEqual({ kind: 'connecting', text: 'Connecting to the console proxy…' }));
    expect(rfb.scaleViewport).toBe(true);
    expect(rfb.ws.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/.*\?token=/);

    act(() => {
      rfb.dispatchEvent(new CustomEvent('desktopname', { detail: { name: vm.name } }));
      rfb.dispatchEvent(new Event('connect'));
    });
    expect(result.current.status).toEqual({ kind: 'connected', desktop: vm.name });
    let sent = 0;
    act(() => {
      sent = result.current.typeText('ls');
    });
    expect(sent).toBe(2);
    expect(rfb.keys).toEqual([0x6c, 0x73]);

    act(() => result.current.disconnect());
    expect(rfb.disconnected).toBe(true);
    expect(result.current.status).toEqual({ kind: 'disconnected', reason: 'You closed the console.', canRetry: true });
    unmount();
  }, 60_000);

  it("another user's VM: the API's error is the reason, and no connection is made", async () => {
    const vm = await aliceVm();
    await login('bob', 'password', '/ROOT/Sales/');
    const { result, unmount } = open(vm.id);
    await waitFor(() => expect(result.current.status.kind).toBe('disconnected'), { timeout: 30_000 });
    expect(result.current.status).toMatchObject({ kind: 'disconnected', canRetry: true, reason: expect.stringMatching(/permission/) });
    expect(rfbs).toHaveLength(0);
    unmount();
  }, 60_000);

  it("a used token: the proxy's close reason reaches the status line; reconnect asks for a fresh one", async () => {
    const vm = await aliceVm();
    const { result, unmount } = open(vm.id);
    await waitFor(() => expect(rfbs).toHaveLength(1), { timeout: 30_000 });
    await waitFor(() => expect(rfbs[0]!.ws.readyState).toBe(WebSocket.OPEN), { timeout: 30_000 });

    // The same token again: the proxy refuses it (4402) and says why.
    endpoints.replay = true;
    act(() => result.current.reconnect());
    await waitFor(() => expect(result.current.status.kind).toBe('disconnected'), { timeout: 30_000 });
    expect(result.current.status).toMatchObject({ reason: expect.stringMatching(/already used/) });

    endpoints.replay = false;
    act(() => result.current.reconnect());
    await waitFor(() => expect(rfbs).toHaveLength(3), { timeout: 30_000 });
    await waitFor(() => expect(rfbs[2]!.ws.readyState).toBe(WebSocket.OPEN), { timeout: 30_000 });
    expect(result.current.status.kind).toBe('connecting');
    unmount();
  }, 60_000);
});
