/**
 * What the console's status line says: connecting, connected, or disconnected and why.
 */
export type ConsoleStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; text: string }
  | { kind: 'connected'; desktop?: string }
  | { kind: 'disconnected'; reason: string; canRetry: boolean };

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
