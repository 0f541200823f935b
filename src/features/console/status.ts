import type { ConsoleDiagnosis, ConsoleDiagnosisCause } from '../../api/consoleDiagnosis';

/**
 * What the console's status line says: connecting, connected, or disconnected and why.
 */
export type ConsoleStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; text: string }
  | { kind: 'connected'; desktop?: string }
  | { kind: 'reconnecting'; attempt: number; reason: string; inSeconds: number }
  | { kind: 'disconnected'; reason: string; canRetry: boolean; diagnosis?: ConnectFailure };

/** How long a console may take to open (WebSocket to the proxy, then the VNC handshake) before it is given up. */
export const CONNECT_TIMEOUT_MS = 20_000;

/**
 * Why a WebSocket to a console proxy did not open. A browser tells a page only that the connection failed
 * (code 1006, no reason), never whether the name did not resolve, the certificate was not trusted or the
 * connection was refused; it does report a connection its Content Security Policy blocked (a
 * securitypolicyviolation event). The other causes come from the serving process, which tries the same
 * address step by step (POST /client/console/diagnosis, src/api/consoleDiagnosis.ts). So: the address tried
 * and the cause with its error code; only when the serving process reaches the proxy itself (or cannot say)
 * are the causes on the browser's side listed.
 */
export interface ConnectFailure {
  /** The address tried, without its token. */
  address: string;
  /** The cause, when known: the page's policy, or the step the serving process saw fail. */
  known?: 'blocked-by-policy' | Exclude<ConsoleDiagnosisCause, 'reached'>;
  /** Node's error code of the failed step (ENOTFOUND, ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  code?: string;
  /** The sentence that says the cause and what to do (when known). */
  text?: string;
  timedOut: boolean;
  /** When the cause is not known: the causes that fit, with what to check for each. */
  possible: { cause: 'name-not-resolved' | 'certificate-not-trusted' | 'refused' | 'no-answer' | 'blocked-by-policy'; text: string }[];
  /** What the serving process saw, when it was asked: 'reached' means it reaches the proxy and this browser does not. */
  server?: ConsoleDiagnosisCause | 'unavailable';
  /** An https address to open in a tab, where the browser shows what is wrong with the proxy's certificate. */
  certificateCheckUrl?: string;
}

/** The WebSocket address without its query (the single-use token stays out of what is shown). */
export function displayAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/\?.*$/, '');
  }
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[.*\]|localhost)$/i;

/** The sentence for a cause the serving process found, with its error code. */
function causeText(d: ConsoleDiagnosis, origin: string): string {
  const where = `${d.host}:${d.port}`;
  const code = d.code ? ` (${d.code})` : '';
  switch (d.cause) {
    case 'name-not-resolved':
      return `The name ${d.host} does not resolve${code}. consoleproxy.url.domain names the proxies; it needs a DNS record (a wildcard record for *.<domain>) pointing to the proxies' public addresses, or the setting must be emptied.`;
    case 'refused':
      return `${where} refused the connection${code}: the console proxy is not running there, or not listening on port ${d.port}.`;
    case 'no-answer':
      return `Nothing answered at ${where}${code}: a firewall drops the connection, or the address is not reachable.`;
    case 'unreachable':
      return `There is no route to ${where}${code}.`;
    case 'certificate-not-trusted':
      return `The console proxy's certificate for ${d.host} is not trusted${code}: upload a certificate for consoleproxy.url.domain signed by a trusted CA, with its chain (Certificates), or open ${origin.replace(/^wss:/, 'https:')}/ in a tab to see what the browser says.`;
    case 'tls-failed':
      return `The TLS handshake with ${where} failed${code}: the port does not serve TLS as the console endpoint says it does.`;
    case 'reached':
      return '';
  }
}

/**
 * What a failed console connection says, from the address, whether the page's policy blocked it, whether it
 * timed out, and what the serving process found (`server`: its diagnosis, or undefined when it could not say).
 */
export function diagnoseConnectFailure(
  url: string,
  f: { blockedByPolicy: boolean; timedOut: boolean; server?: ConsoleDiagnosis; serverAsked?: boolean },
): ConnectFailure {
  const address = displayAddress(url);
  let host = '';
  let scheme = 'wss:';
  let port = '';
  try {
    const u = new URL(url);
    host = u.hostname;
    scheme = u.protocol;
    port = u.port;
  } catch {
    // keep the defaults
  }
  const origin = `${scheme}//${host}${port ? `:${port}` : ''}`;
  const certificateCheckUrl = scheme === 'wss:' ? `${origin.replace(/^wss:/, 'https:')}/` : undefined;
  if (f.blockedByPolicy) {
    const text = `This page's security policy (connect-src) does not allow ${origin}. The proxies' address changed since the page was loaded: reload the page to get the current policy.`;
    return { address, known: 'blocked-by-policy', text, timedOut: false, possible: [{ cause: 'blocked-by-policy', text }] };
  }
  const d = f.server;
  if (d && d.cause !== 'reached') {
    return {
      address, known: d.cause, text: causeText(d, origin), timedOut: f.timedOut, possible: [], server: d.cause,
      ...(d.code ? { code: d.code } : {}),
      ...(d.cause === 'certificate-not-trusted' && certificateCheckUrl ? { certificateCheckUrl } : {}),
    };
  }
  // The serving process reaches the proxy (or could not be asked): the cause is on this browser's side.
  const possible: ConnectFailure['possible'] = [];
  if (f.timedOut) {
    possible.push({ cause: 'no-answer', text: `Nothing answered at ${host}:${port || (scheme === 'wss:' ? '443' : '80')} within ${CONNECT_TIMEOUT_MS / 1000} s: a firewall may drop the connection, or the address is not reachable from this computer.` });
  }
  if (!IP.test(host)) {
    possible.push({ cause: 'name-not-resolved', text: `The name ${host} may not resolve${d ? ' from this computer' : ''}: consoleproxy.url.domain needs a DNS record for it (a wildcard record for the domain) pointing to the proxy's public address.` });
  }
  if (scheme === 'wss:') {
    possible.push({ cause: 'certificate-not-trusted', text: `This browser may not trust the proxy's certificate for ${host}: open ${origin.replace(/^wss:/, 'https:')}/ in a tab to see what it says.` });
  }
  possible.push({ cause: 'refused', text: `The proxy may have refused the connection: it is not running, or not listening on port ${port || (scheme === 'wss:' ? '443' : '80')}.` });
  return {
    address, timedOut: f.timedOut, possible,
    ...(d ? { server: 'reached' as const } : f.serverAsked ? { server: 'unavailable' as const } : {}),
    ...(certificateCheckUrl ? { certificateCheckUrl } : {}),
  };
}

/**
 * Whether a console that was connected reconnects by itself after its WebSocket closed: yes when the proxy
 * went away or the connection was lost (the proxy restarts, a network blip); no when the console was closed
 * on purpose (1000) or the proxy refused the session (4400-4499: token, VM, VNC server).
 */
export function shouldReconnect(code: number | undefined, wasConnected: boolean): boolean {
  if (!wasConnected || code === undefined) return false;
  if (code === 1000) return false;
  if (code >= 4400 && code < 4500) return false;
  return true;
}

/** How long to wait before the n-th automatic reconnection (n from 1): 1, 2, 4, 8 s, then every 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 10_000);
}

/** How many automatic reconnections before the console gives up and offers Reconnect (about ten minutes). */
export const MAX_RECONNECT_ATTEMPTS = 64;

/** Words for the WebSocket close codes a console proxy uses (its reason text is preferred when given). */
const CLOSE_TEXT: Record<number, string> = {
  1000: 'The console was closed.',
  1001: 'The console proxy went away.',
  1003: 'The console proxy refused data it cannot accept.',
  1006: 'The connection to the console proxy was lost.',
  1009: 'A message was too large for the console proxy.',
  1011: 'The console proxy could not open this console.',
  4401: 'The console token was not accepted.',
  4402: 'The console token was already used.',
  4403: 'The console token has expired.',
  4404: 'The console token does not belong here.',
  4405: "The VM's console is not available.",
  4406: "The VM's VNC server refused the console proxy.",
  4407: 'The console handshake failed.',
};

/** The reason shown for a closed WebSocket. */
export function describeClose(code: number | undefined, reason: string | undefined, wasConnected: boolean): string {
  const text = reason?.trim();
  if (text) return text.endsWith('.') ? text : `${text}.`;
  if (code !== undefined && CLOSE_TEXT[code]) return CLOSE_TEXT[code]!;
  return wasConnected ? 'The connection to the console was lost.' : 'The console proxy could not be reached.';
}

/** The status line's text. */
export function statusText(s: ConsoleStatus): string {
  switch (s.kind) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return s.text;
    case 'connected':
      return s.desktop ? `Connected to ${s.desktop}` : 'Connected';
    case 'reconnecting':
      return `Reconnecting (attempt ${s.attempt}${s.inSeconds > 0 ? `, in ${s.inSeconds} s` : ''}): ${s.reason}`;
    case 'disconnected':
      return `Disconnected: ${s.reason}`;
  }
}

/**
 * Whether the console proxy serves TLS, as createConsoleEndpoint says it: its `url` starts with https when the
 * proxy serves the uploaded certificate and http when it does not (ConsoleAccessManagerImpl.
 * generateConsoleAccessUrl). A URL without a scheme (older servers: `//<ip>/...`) follows the page's protocol.
 */
export function endpointIsSecure(url: string | undefined, pageProtocol: string): boolean {
  if (url?.startsWith('https:')) return true;
  if (url?.startsWith('http:')) return false;
  return pageProtocol === 'https:';
}

/**
 * The WebSocket address of a console endpoint, from its fields alone: wss when the proxy serves TLS (see
 * endpointIsSecure), ws otherwise, whatever the host's name looks like.
 */
export function websocketUrl(ws: { host: string; port: string; path: string; token: string; extra?: string }, secure: boolean): string {
  const scheme = secure ? 'wss' : 'ws';
  const host = ws.host.includes(':') && !ws.host.startsWith('[') ? `[${ws.host}]` : ws.host;
  const path = ws.path.startsWith('/') ? ws.path : `/${ws.path}`;
  const q = new URLSearchParams({ token: ws.token });
  if (ws.extra) q.set('extra', ws.extra);
  return `${scheme}://${host}:${ws.port}${path}?${q}`;
}
