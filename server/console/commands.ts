import { command } from '../api/registry';
import { consolesOf } from './service';
import { NOVNC_PAGE } from './novncPage';

/** The origin the caller reached this server at, for the console page's URL. */
function originOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const host = Array.isArray(headers.host) ? headers.host[0] : headers.host;
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return undefined;
  const proto = headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/**
 * createConsoleEndpoint as ConsoleAccessManagerImpl answers it: `url` is the proxy's noVNC page,
 * `http(s)://<host>/resource/noVNC/vnc.html?autoconnect=true&show_dot=true&port=<ws port>&token=<t>[&extra=<e>]`
 * (https when the proxy serves the uploaded certificate, http otherwise; generateConsoleAccessUrl), and
 * `websocket` names `host`, `port` (a string), `path` "websockify" and `token` (and `extra` when a token was
 * passed). The simulator's proxies serve that page and the WebSocket on one port, so the page URL carries it.
 * A VM that cannot be opened answers `success: false` with `details`.
 */
export const createConsoleEndpoint = command({
  name: 'createConsoleEndpoint',
  access: 'user',
  description: 'Create a console endpoint to connect to a VM console',
  handle: ({ sim, caller, http }, p) => {
    const answer = consolesOf(sim).createEndpoint(caller, p.virtualmachineid, p.token, originOf(http.headers));
    if (!answer.success || !answer.websocket) return { success: false, details: answer.details };
    const ws = answer.websocket;
    const secure = answer.secure ?? false;
    const host = ws.host.includes(':') ? `[${ws.host}]` : ws.host;
    const query = new URLSearchParams({ autoconnect: 'true', show_dot: 'true', port: ws.port, token: ws.token });
    if (ws.extra) query.set('extra', ws.extra);
    return {
      success: true,
      url: `${secure ? 'https' : 'http'}://${host}:${ws.port}${NOVNC_PAGE}?${query}`,
      websocket: { token: ws.token, host: ws.host, port: String(ws.port), path: 'websockify', ...(ws.extra ? { extra: ws.extra } : {}) },
    };
  },
});

export const consoleCommands = [createConsoleEndpoint];
