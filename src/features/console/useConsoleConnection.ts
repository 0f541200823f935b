import { useCallback, useEffect, useRef, useState } from 'react';
import type RFB from '@novnc/novnc';
import type * as NoVnc from '@novnc/novnc';
import { createConsoleEndpoint } from '../../api/queries/consoleEndpoint';
import { errorText } from '../../components/QueryError';
import { comboEvents, textToKeysyms, type KeyCombo } from './keys';
import { describeClose, endpointIsSecure, websocketUrl, type ConsoleStatus } from './status';

/** noVNC, loaded the first time a console opens (it is a chunk of its own, not part of the app's bundle). */
let rfbModule: Promise<typeof NoVnc> | undefined;
function loadNoVnc() {
  rfbModule ??= import('@novnc/novnc');
  return rfbModule;
}

export interface ConsoleConnection {
  /** The element noVNC draws into. */
  screenRef: React.RefObject<HTMLDivElement | null>;
  status: ConsoleStatus;
  scale: boolean;
  setScale(scale: boolean): void;
  reconnect(): void;
  disconnect(): void;
  sendCombo(combo: KeyCombo): void;
  sendCtrlAltDel(): void;
  /** Types a text into the VM; answers how many keys were sent. */
  typeText(text: string): number;
  focus(): void;
}

/**
 * One console connection: asks the management server for an endpoint (a fresh single-use token each
 * time), opens the WebSocket to the console proxy, and hands it to noVNC. The WebSocket is the app's
 * own, so that the proxy's close reason reaches the status line.
 */
export function useConsoleConnection(vmId: string, { initialScale = true }: { initialScale?: boolean } = {}): ConsoleConnection {
  const screenRef = useRef<HTMLDivElement | null>(null);
  const rfbRef = useRef<RFB | null>(null);
  const generation = useRef(0);
  const [status, setStatus] = useState<ConsoleStatus>({ kind: 'idle' });
  const [scale, setScaleState] = useState(initialScale);
  const scaleRef = useRef(initialScale);
  const [attempt, setAttempt] = useState(0);

  const teardown = useCallback(() => {
    generation.current += 1;
    const rfb = rfbRef.current;
    rfbRef.current = null;
    if (rfb) {
      try {
        rfb.disconnect();
      } catch {
        // already disconnected
      }
    }
  }, []);

  useEffect(() => {
    const mine = ++generation.current;
    const abort = new AbortController();
    const current = () => generation.current === mine;
    let connected = false;
    let settled = false;
    const disconnected = (reason: string) => {
      if (!current() || settled) return;
      settled = true;
      setStatus({ kind: 'disconnected', reason, canRetry: true });
    };

    void (async () => {
      setStatus({ kind: 'connecting', text: 'Requesting a console…' });
      let endpoint;
      try {
        [endpoint] = await Promise.all([createConsoleEndpoint(vmId, { signal: abort.signal }), loadNoVnc()]);
      } catch (error) {
        if (abort.signal.aborted) return;
        disconnected(errorText(error));
        return;
      }
      if (!current()) return;
      if (!endpoint.success || !endpoint.websocket) {
        disconnected(endpoint.details ?? 'The management server could not open this console.');
        return;
      }
      const { default: RfbClass } = await loadNoVnc();
      const screen = screenRef.current;
      if (!current() || !screen) return;
      setStatus({ kind: 'connecting', text: 'Connecting to the console proxy…' });
      const ws = new WebSocket(websocketUrl(endpoint.websocket, endpointIsSecure(endpoint.url, window.location.protocol)), ['binary']);
      ws.binaryType = 'arraybuffer';
      // Registered before noVNC's own handler, so the proxy's reason is known when noVNC reports the disconnect.
      ws.addEventListener('close', (e) => disconnected(describeClose(e.code, e.reason, connected)));
      let securityReason: string | undefined;
      let desktop: string | undefined;
      const rfb = new RfbClass(screen, ws, { shared: true });
      rfb.scaleViewport = scaleRef.current;
      rfb.background = 'rgb(16, 16, 16)';
      rfb.focusOnClick = true;
      rfbRef.current = rfb;
      rfb.addEventListener('connect', () => {
        if (!current()) return;
        connected = true;
        setStatus(desktop ? { kind: 'connected', desktop } : { kind: 'connected' });
        rfb.focus({ preventScroll: true });
      });
      rfb.addEventListener('desktopname', (e) => {
        // noVNC names the desktop (ServerInit) just before it reports the connection.
        desktop = (e as CustomEvent<{ name: string }>).detail.name;
        if (current() && connected) setStatus({ kind: 'connected', desktop });
      });
      rfb.addEventListener('securityfailure', (e) => {
        securityReason = (e as CustomEvent<{ status: number; reason?: string }>).detail.reason;
      });
      rfb.addEventListener('disconnect', () => {
        disconnected(securityReason ?? (connected ? 'The connection to the console was lost.' : 'The console proxy could not be reached.'));
      });
    })();

    return () => {
      abort.abort();
      teardown();
    };
  }, [vmId, attempt, teardown]);

  const setScale = useCallback((value: boolean) => {
    scaleRef.current = value;
    setScaleState(value);
    if (rfbRef.current) rfbRef.current.scaleViewport = value;
  }, []);

  const sendCombo = useCallback((combo: KeyCombo) => {
    const rfb = rfbRef.current;
    if (!rfb) return;
    for (const [keysym, down] of comboEvents(combo)) rfb.sendKey(keysym, null, down);
    rfb.focus({ preventScroll: true });
  }, []);

  const typeText = useCallback((text: string) => {
    const rfb = rfbRef.current;
    if (!rfb) return 0;
    const keys = textToKeysyms(text);
    for (const k of keys) rfb.sendKey(k, null);
    rfb.focus({ preventScroll: true });
    return keys.length;
  }, []);

  return {
    screenRef,
    status,
    scale,
    setScale,
    reconnect: () => setAttempt((n) => n + 1),
    disconnect: () => {
      teardown();
      setStatus({ kind: 'disconnected', reason: 'You closed the console.', canRetry: true });
    },
    sendCombo,
    sendCtrlAltDel: () => {
      rfbRef.current?.sendCtrlAltDel();
      rfbRef.current?.focus({ preventScroll: true });
    },
    typeText,
    focus: () => rfbRef.current?.focus({ preventScroll: true }),
  };
}
