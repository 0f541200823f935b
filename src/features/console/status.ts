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
 * Why a WebSocket to a console proxy did not open, as far as a page can know it. A browser tells a page only
 * that the connection failed (code 1006, no reason), never whether the name did not resolve, the
 * certificate was not trusted or the connection was refused; it does report a connection its Content
 * Security Policy blocked (a securitypolicyviolation event). So: the address tried, the cause when it is
 * known, else the causes that fit, with what to check for each.
 */
export interface ConnectFailure {
  /** The address tried, without its token. */
  address: string;
  /** The cause, when the page knows it; otherwise undefined and `possible` lists what fits. */
  known?: 'blocked-by-policy';
  timedOut: boolean;
  possible: { cause: 'name-not-resolved' | 'certificate-not-trusted' | 'refused' | 'no-answer' | 'blocked-by-policy'; text: string }[];
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

/** What a failed console connection says, from the address, whether the policy blocked it, and whether it timed out. */
export function diagnoseConnectFailure(url: string, f: { blockedByPolicy: boolean; timedOut: boolean }): ConnectFailure {
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
  if (f.blockedByPolicy) {
    return {
      address, known: 'blocked-by-policy', timedOut: false,
      possible: [{ cause: 'blocked-by-policy', text: `This page's security policy (connect-src) does not allow ${origin}. The proxies' address changed since the page was loaded: reload the page to get the current policy.` }],
    };
  }
  const possible: ConnectFailure['possible'] = [];
  if (f.timedOut) {
    possible.push({ cause: 'no-answer', text: `Nothing answered at ${host}:${port || (scheme === 'wss:' ? '443' : '80')} within ${CONNECT_TIMEOUT_MS / 1000} s: a firewall may drop the connection, or the address is not reachable from this computer.` });
  }
  if (!IP.test(host)) {
    possible.push({ cause: 'name-not-resolved', text: `The name ${host} may not resolve: consoleproxy.url.domain needs a DNS record for it (a wildcard record for the domain) pointing to the proxy's public address.` });
  }
  if (scheme === 'wss:') {
    possible.push({ cause: 'certificate-not-trusted', text: `This browser may not trust the proxy's certificate for ${host}: open ${origin.replace(/^wss:/, 'https:')}/ in a tab to see what it says.` });
  }
  possible.push({ cause: 'refused', text: `The proxy may have refused the connection: it is not running, or not listening on port ${port || (scheme === 'wss:' ? '443' : '80')}.` });
  return {
    address, timedOut: f.timedOut, possible,
    ...(scheme === 'wss:' ? { certificateCheckUrl: `${origin.replace(/^wss:/, 'https:')}/` } : {}),
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
