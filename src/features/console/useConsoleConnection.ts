import { useCallback, useEffect, useRef, useState } from 'react';
import type RFB from '@novnc/novnc';
import type * as NoVnc from '@novnc/novnc';
import { createConsoleEndpoint, diagnoseConsoleEndpoint } from '../../api/queries/consoleEndpoint';
import { errorText } from '../../components/QueryError';
import { comboEvents, textToKeysyms, type KeyCombo } from './keys';
import {
  CONNECT_TIMEOUT_MS, MAX_RECONNECT_ATTEMPTS, describeClose, diagnoseConnectFailure, endpointIsSecure, reconnectDelayMs, shouldReconnect,
  websocketUrl, type ConsoleStatus,
} from './status';

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
  // Automatic reconnections in a row after a connected console lost its proxy (0: none under way).
  const autoAttempt = useRef(0);
  const retryTimer = useRef<number | undefined>(undefined);

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
    let timer: number | undefined;
    /** Schedules the next automatic reconnection, or gives up after MAX_RECONNECT_ATTEMPTS. */
    const reconnectLater = (reason: string): boolean => {
      const next = autoAttempt.current + 1;
      if (next > MAX_RECONNECT_ATTEMPTS) return false;
      autoAttempt.current = next;
      const delay = reconnectDelayMs(next);
      setStatus({ kind: 'reconnecting', attempt: next, reason, inSeconds: Math.round(delay / 1000) });
      window.clearTimeout(retryTimer.current);
      retryTimer.current = window.setTimeout(() => setAttempt((n) => n + 1), delay);
      return true;
    };
    /** `failedToOpen`: the WebSocket never opened; the failure panel says why (the serving process is asked). */
    type FailedToOpen = { url: string; token: string; blockedByPolicy: () => boolean; timedOut: boolean };
    const disconnected = (reason: string, extra: { code?: number; failedToOpen?: FailedToOpen } = {}) => {
      if (!current() || settled) return;
      settled = true;
      window.clearTimeout(timer);
      // A console that was connected, or is already reconnecting, keeps trying while its proxy is away.
      if ((shouldReconnect(extra.code, connected) || (autoAttempt.current > 0 && !connected)) && reconnectLater(reason)) return;
      autoAttempt.current = 0;
      const f = extra.failedToOpen;
      if (!f) {
        setStatus({ kind: 'disconnected', reason, canRetry: true });
        return;
      }
      if (f.blockedByPolicy()) {
        setStatus({ kind: 'disconnected', reason, canRetry: true, diagnosis: diagnoseConnectFailure(f.url, { blockedByPolicy: true, timedOut: false }) });
        return;
      }
      // The browser does not say why a WebSocket failed: the serving process tries the same address.
      setStatus({ kind: 'connecting', text: 'The console did not open; finding out why…' });
      void diagnoseConsoleEndpoint(f.token, { signal: abort.signal }).then(
        (server) => {
          if (!current()) return;
          const diagnosis = diagnoseConnectFailure(f.url, { blockedByPolicy: f.blockedByPolicy(), timedOut: f.timedOut, serverAsked: true, ...(server ? { server } : {}) });
          setStatus({ kind: 'disconnected', reason, canRetry: true, diagnosis });
        },
        () => undefined,
      );
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
      const url = websocketUrl(endpoint.websocket, endpointIsSecure(endpoint.url, window.location.protocol));
      const { token } = endpoint.websocket;
      // The one cause of a failed connection a page is told: its own security policy blocked it.
      let blockedByPolicy = false;
      const onViolation = (e: SecurityPolicyViolationEvent) => {
        if (e.effectiveDirective === 'connect-src' && url.startsWith(e.blockedURI.replace(/\?.*$/, ''))) blockedByPolicy = true;
      };
      document.addEventListener('securitypolicyviolation', onViolation);
      abort.signal.addEventListener('abort', () => document.removeEventListener('securitypolicyviolation', onViolation));
      const ws = new WebSocket(url, ['binary']);
      ws.binaryType = 'arraybuffer';
      let opened = false;
      ws.addEventListener('open', () => {
        opened = true;
      });
      // A connection that does not open (WebSocket and VNC handshake) in time is given up, and says why it may be.
      timer = window.setTimeout(() => {
        if (!current() || connected) return;
        disconnected(`The console did not open within ${CONNECT_TIMEOUT_MS / 1000} s.`, {
          failedToOpen: { url, token, blockedByPolicy: () => blockedByPolicy, timedOut: !opened },
        });
        try {
          ws.close();
        } catch {
          // already closed
        }
      }, CONNECT_TIMEOUT_MS);
      // Registered before noVNC's own handler, so the proxy's reason is known when noVNC reports the disconnect.
      ws.addEventListener('close', (e) => {
        // A close event is dispatched after the violation report of a blocked connection: look once the queue is through.
        window.setTimeout(() => {
          const failedToOpen = !opened && !connected && !e.reason;
          disconnected(
            failedToOpen ? `Could not connect to the console proxy at ${url.replace(/\?.*$/, '')}.` : describeClose(e.code, e.reason, connected),
            { code: e.code, ...(failedToOpen ? { failedToOpen: { url, token, blockedByPolicy: () => blockedByPolicy, timedOut: false } } : {}) },
          );
        }, 0);
      });
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
        autoAttempt.current = 0;
        window.clearTimeout(timer);
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
        // After the WebSocket's own close handling above (also deferred), which knows the close code.
        window.setTimeout(() => {
          disconnected(securityReason ?? (connected ? 'The connection to the console was lost.' : 'The console proxy could not be reached.'));
        }, 0);
      });
    })();

    return () => {
      abort.abort();
      window.clearTimeout(timer);
      teardown();
    };
  }, [vmId, attempt, teardown]);
  useEffect(() => () => window.clearTimeout(retryTimer.current), []);

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
    reconnect: () => {
      window.clearTimeout(retryTimer.current);
      autoAttempt.current = 0;
      setAttempt((n) => n + 1);
    },
    disconnect: () => {
      window.clearTimeout(retryTimer.current);
      autoAttempt.current = 0;
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
