/**
 * Console proxy benchmark: through a console proxy on loopback, with 1, 50 and 200 concurrent sessions,
 *  - keystroke-to-frame round trip: a key goes to the VM, the changed row comes back (p50, p99);
 *  - throughput: full-screen Raw updates requested back to back (MB/s, all sessions together);
 *  - memory per session: the server process's RSS growth per open session (proxy session + the VM's VNC server).
 *
 * Usage: npx tsx bench/console.ts [sessions...]   (default 1 50 200)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TestViewer } from '../server/console/testing/viewer';

const KEYS_PER_SESSION = 60;
const THROUGHPUT_MS = 3000;

interface Api {
  call(command: string, params?: Record<string, string>): Promise<Record<string, unknown>>;
}

async function login(base: string): Promise<Api> {
  const post = async (params: Record<string, string>, cookie?: string) => {
    const res = await fetch(`${base}client/api`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ response: 'json', ...params }),
    });
    return { res, body: (await res.json()) as Record<string, Record<string, unknown>> };
  };
  const { res, body } = await post({ command: 'login', username: 'admin', password: 'password', domain: '/' });
  const cookie = /JSESSIONID=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const sessionkey = String(body.loginresponse!.sessionkey);
  return {
    async call(command, params = {}) {
      const r = await post({ command, sessionkey, ...params }, cookie);
      const data = r.body[`${command.toLowerCase()}response`]!;
      if (r.res.status !== 200) throw new Error(`${command}: ${String(data.errortext)}`);
      return data;
    },
  };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function openViewers(api: Api, machines: string[], n: number): Promise<TestViewer[]> {
  const viewers: TestViewer[] = [];
  // Open in batches: each needs an endpoint (one API call) and two handshakes.
  for (let i = 0; i < n; i += 25) {
    const batch = machines.slice(i, Math.min(n, i + 25));
    viewers.push(
      ...(await Promise.all(
        batch.map(async (id) => {
          const ep = (await api.call('createConsoleEndpoint', { virtualmachineid: id })).consoleendpoint as {
            websocket: { host: string; port: string; path: string; token: string };
          };
          const v = await TestViewer.open(`ws://${ep.websocket.host}:${ep.websocket.port}${ep.websocket.path}?token=${ep.websocket.token}`);
          await v.handshake();
          await v.update(false);
          return v;
        }),
      )),
    );
  }
  return viewers;
}

/** One keystroke: request changes, press a key, time until the changed row arrives. Alternates 'x' and BackSpace. */
async function keystrokes(v: TestViewer, count: number, out: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const keysym = i % 2 === 0 ? 0x78 : 0xff08;
    const req = Buffer.alloc(10);
    req.writeUInt8(3, 0);
    req.writeUInt8(1, 1);
    req.writeUInt16BE(v.width, 6);
    req.writeUInt16BE(v.height, 8);
    v.send(req);
    const t0 = performance.now();
    v.key(keysym, true);
    await v.readUpdate();
    out.push(performance.now() - t0);
    v.key(keysym, false);
  }
}

async function throughput(v: TestViewer, until: number): Promise<number> {
  let bytes = 0;
  while (performance.now() < until) bytes += await v.update(false);
  return bytes;
}

async function main() {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const sizes = counts.length ? counts : [1, 50, 200];
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/console-server.ts', '700'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  try {
    const api = await login(url);
    const zones = (await api.call('listZones')).zone as { id: string; name: string }[];
    const zoneid = zones[0]!.id;
    await api.call('updateConfiguration', { name: 'consoleproxy.session.max', value: '10000', zoneid });
    const routers = (await api.call('listRouters', { listall: 'true', zoneid, state: 'Running', pagesize: '500' })).router as { id: string }[];
    const machines = routers.map((r) => r.id);
    const max = Math.max(...sizes);
    if (machines.length < max) throw new Error(`only ${machines.length} running routers in ${zones[0]!.name}; need ${max}`);
    console.log(`# console proxy benchmark — ${new Date().toISOString()}, node ${process.version}, ${machines.length} machines in zone ${zones[0]!.name}`);
    console.log('| sessions | keystroke→frame p50 (ms) | p99 (ms) | throughput (MB/s, all sessions) | server RSS per session (KiB) |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const n of sizes) {
      const rss0 = rssKb(pid);
      const viewers = await openViewers(api, machines, n);
      const rss1 = rssKb(pid);
      const times: number[] = [];
      await Promise.all(viewers.map((v) => keystrokes(v, KEYS_PER_SESSION, times)));
      const t0 = performance.now();
      const until = t0 + THROUGHPUT_MS;
      const bytes = (await Promise.all(viewers.map((v) => throughput(v, until)))).reduce((a, b) => a + b, 0);
      const seconds = (performance.now() - t0) / 1000;
      console.log(`| ${n} | ${pct(times, 50).toFixed(2)} | ${pct(times, 99).toFixed(2)} | ${(bytes / seconds / 1e6).toFixed(1)} | ${Math.round((rss1 - rss0) / n)} |`);
      for (const v of viewers) v.close();
      await Promise.all(viewers.map((v) => v.closed));
      const dropped = viewers.length - n;
      if (dropped !== 0) console.log(`(${dropped} sessions missing)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
