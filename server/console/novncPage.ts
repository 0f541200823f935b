import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The console page a console proxy serves, as CloudStack's CPVM does: `/resource/noVNC/vnc.html` takes
 * `port`, `token` (and `extra`) from its query, as in the `url` of createConsoleEndpoint, and connects noVNC to
 * the proxy's WebSocket at `/websockify` on that port (wss when the page came over https). noVNC's own modules
 * (the @novnc/novnc package: core/ and vendor/) are served beside it.
 */
export const NOVNC_PAGE = '/resource/noVNC/vnc.html';
const PREFIX = '/resource/noVNC/';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console</title>
<style>html,body{margin:0;height:100%;background:#101010;color:#ddd;font:14px sans-serif}#screen{position:absolute;inset:0}
#status{position:absolute;top:0;left:0;right:0;margin:0;padding:4px 8px;background:rgba(0,0,0,.6)}</style></head>
<body><div id="screen"></div><p id="status" role="status">Connecting…</p>
<script type="module" src="app.js"></script></body></html>
`;

const APP = `import RFB from './core/rfb.js';
const q = new URLSearchParams(location.search);
const status = document.getElementById('status');
const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const host = location.hostname.includes(':') ? '[' + location.hostname + ']' : location.hostname;
const ws = new URLSearchParams({ token: q.get('token') || '' });
if (q.get('extra')) ws.set('extra', q.get('extra'));
const rfb = new RFB(document.getElementById('screen'), scheme + '://' + host + ':' + (q.get('port') || location.port) + '/websockify?' + ws, { shared: true });
rfb.scaleViewport = true;
rfb.addEventListener('connect', () => { status.textContent = 'Connected'; setTimeout(() => { status.hidden = true; }, 1500); });
rfb.addEventListener('disconnect', (e) => { status.hidden = false; status.textContent = e.detail.clean ? 'Disconnected' : 'The connection to the console proxy was lost'; });
rfb.addEventListener('desktopname', (e) => { document.title = e.detail.name; });
`;

let packageRoot: string | undefined;
function novncRoot(): string {
  // The package exports only core/rfb.js: its directory's parent is the package.
  packageRoot ??= dirname(dirname(createRequire(import.meta.url).resolve('@novnc/novnc')));
  return packageRoot;
}

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers a request under /resource/noVNC/; false when the path is not one of its files. */
export async function serveNoVncPage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://proxy').pathname;
  if (!path.startsWith(PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const rest = path.slice(PREFIX.length);
  if (rest === 'vnc.html') {
    send(req, res, 200, 'text/html; charset=utf-8', PAGE);
    return true;
  }
  if (rest === 'app.js') {
    send(req, res, 200, 'text/javascript; charset=utf-8', APP);
    return true;
  }
  // noVNC's modules only: core/ and vendor/ JavaScript files, no way out of the package.
  if (!/^(core|vendor)\/[A-Za-z0-9_./-]+\.js$/.test(rest) || rest.includes('..')) return false;
  const root = novncRoot();
  const file = normalize(join(root, rest));
  if (!file.startsWith(root + sep)) return false;
  try {
    send(req, res, 200, 'text/javascript; charset=utf-8', await readFile(file));
  } catch {
    return false;
  }
  return true;
}
