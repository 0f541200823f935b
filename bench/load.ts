/**
 * Load test of the serving process (issue 14): the simulator started as its own process with 10,000 routers,
 * 100 API clients for 30 s (the read mix of server/reliability/load.ts), then a login flood beside listZones
 * callers. Prints p50/p99, throughput, the server's resident memory (peak), the compressed API bytes of the
 * routers screen, and listZones' median with and without the flood, each with its goal. The server's V8 heap
 * comes from bench/heap-probe.mjs, preloaded into the simulator (NODE_OPTIONS). Loopback only (HOST=127.0.0.1).
 * Usage: npm run bench:load [-- routers clients seconds] (defaults 10000 100 30)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Agent, request } from 'node:http';
import { spawnSimulator, waitForExit } from '../server/reliability/process';
import { percentile } from '../server/reliability/load';

const ROUTERS = Number(process.argv[2] ?? 10_000);
const CLIENTS = Number(process.argv[3] ?? 100);
const SECONDS = Number(process.argv[4] ?? 30);

interface Client { cookie: string; sessionkey: string }

/** One POST to /client/api; answers the status, the body (decoded) and the bytes on the wire. */
function call(base: string, params: Record<string, string>, client?: Client, encoding = 'br, gzip'): Promise<{ status: number; body: string; wire: number }> {
  const body = new URLSearchParams({ response: 'json', ...params, ...(client ? { sessionkey: client.sessionkey } : {}) }).toString();
  const u = new URL(`${base}client/api`);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: keepAlive,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), 'Accept-Encoding': encoding,
        ...(client ? { Cookie: client.cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const text = (enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text, wire: raw.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });

async function login(base: string, username = 'admin', password = 'password', domain = '/'): Promise<Client | undefined> {
  const u = new URL(`${base}client/api`);
  const body = new URLSearchParams({ command: 'login', username, password, domain, response: 'json' }).toString();
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: keepAlive,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(undefined);
        const cookie = /JSESSIONID=[^;]+/.exec(String(res.headers['set-cookie'] ?? ''))?.[0] ?? '';
        resolve({ cookie, sessionkey: (JSON.parse(text) as { loginresponse: { sessionkey: string } }).loginresponse.sessionkey });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resident memory of a process now and at its peak (MB), from /proc. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The simulator's V8 heap (MB) as bench/heap-probe.mjs last wrote it; zeros before its first write. */
function heap(file: string): { used: number; total: number; peakUsed: number } {
  if (!existsSync(file)) return { used: 0, total: 0, peakUsed: 0 };
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; heapTotal: number; peakHeapUsed: number };
    return { used: m.heapUsed / 2 ** 20, total: m.heapTotal / 2 ** 20, peakUsed: m.peakHeapUsed / 2 ** 20 };
  } catch {
    return { used: 0, total: 0, peakUsed: 0 }; // read while being written
  }
}

const line = (name: string, value: string, goal: string, ok: boolean) => console.log(`${name.padEnd(44)} ${value.padStart(14)}   goal ${goal}${ok ? '' : '   (missed)'}`);

async function main(): Promise<void> {
  const probeDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const probeFile = join(probeDir, 'heap.json');
  const probe = pathToFileURL(resolve(import.meta.dirname, 'heap-probe.mjs')).href;
  const sim = await spawnSimulator(['--routers', String(ROUTERS), '--db', ':memory:'], {
    SIM_QUIET: '1', HOST: '127.0.0.1', HEAP_PROBE_FILE: probeFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(),
  });
  const base = sim.url;
  const pid = sim.child.pid!;
  try {
    if (!/^http:\/\/127\./.test(base)) throw new Error(`the simulator is not on loopback: ${base}`);
    const load = loadavg().map((l) => l.toFixed(2)).join(', ');
    console.log(`simulator ${base} (pid ${pid}) with ${ROUTERS} routers; ${CLIENTS} clients for ${SECONDS} s; load average ${load}`);
    const admin = (await login(base))!;

    // The routers screen's API bytes: every page of 500, compressed as a browser accepts (br, gzip).
    let wire = 0;
    let plain = 0;
    for (let page = 1; page <= Math.ceil(ROUTERS / 500); page++) {
      const r = await call(base, { command: 'listRouters', listall: 'true', pagesize: '500', page: String(page) }, admin);
      wire += r.wire;
      plain += Buffer.byteLength(r.body);
    }

    const clients = (await Promise.all(Array.from({ length: CLIENTS }, () => login(base)))).filter((c): c is Client => !!c);
    const pages = Math.max(1, Math.ceil(ROUTERS / 100));
    const mix: (() => Record<string, string>)[] = [
      () => ({ command: 'listRouters', listall: 'true', pagesize: '100', page: String(1 + Math.floor(Math.random() * pages)) }),
      () => ({ command: 'listRouters', listall: 'true', pagesize: '1', state: 'Running' }),
      () => ({ command: 'listSystemVms' }),
      () => ({ command: 'listZones' }),
      () => ({ command: 'listAsyncJobs', pagesize: '20' }),
      () => ({ command: 'listEvents', listall: 'true', pagesize: '20' }),
    ];
    const latencies: number[] = [];
    const byCommand = new Map<string, number[]>();
    let errors = 0;
    let peak = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memory(pid).rss);
      peakHeap = Math.max(peakHeap, heap(probeFile).used);
    }, 250);
    const until = Date.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(clients.map(async (c, i) => {
      let k = i;
      while (Date.now() < until) {
        const a = performance.now();
        const params = mix[k++ % mix.length]!();
        const name = `${params.command}${params.pagesize ? ` pagesize=${params.pagesize}` : ''}`;
        try {
          const r = await call(base, params, c);
          if (r.status !== 200) errors++;
        } catch {
          errors++; // a reset or refused connection counts as an error, and its time as a latency
        }
        latencies.push(performance.now() - a);
        byCommand.set(name, [...(byCommand.get(name) ?? []), performance.now() - a]);
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);

    // listZones alone, then beside a flood of 10 clients logging in (scrypt runs off the event loop).
    const zones = async (ms: number) => {
      const t: number[] = [];
      const end = Date.now() + ms;
      await Promise.all(Array.from({ length: 10 }, async (_, i) => {
        while (Date.now() < end) {
          const a = performance.now();
          await call(base, { command: 'listZones' }, clients[i % clients.length]);
          t.push(performance.now() - a);
        }
      }));
      return percentile(t.sort((a, b) => a - b), 50);
    };
    const quiet = await zones(3000);
    let flooding = true;
    const flood = Promise.all(Array.from({ length: 10 }, async () => {
      while (flooding) await login(base);
    }));
    const loud = await zones(5000);
    flooding = false;
    await flood;

    const mem = memory(pid);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log('');
    line(`API p50, ${clients.length} clients, ${ROUTERS} routers`, `${p50.toFixed(1)} ms`, '<= 100 ms', p50 <= 100);
    line(`API p99, ${clients.length} clients, ${ROUTERS} routers`, `${p99.toFixed(1)} ms`, '<= 1000 ms', p99 <= 1000);
    line('API throughput', `${(latencies.length / elapsed).toFixed(0)} req/s`, `report (${latencies.length} requests)`, true);
    line('API errors (non-200 answers and failed requests)', String(errors), '0', errors === 0);
    line('server memory (RSS) under load, peak', `${Math.max(peak, mem.peak).toFixed(0)} MB`, '<= 600 MB', Math.max(peak, mem.peak) <= 600);
    line('server memory (RSS) after', `${mem.rss.toFixed(0)} MB`, 'report', true);
    const h = heap(probeFile);
    line('server V8 heap used under load, peak', `${Math.max(peakHeap, h.peakUsed).toFixed(0)} MB`, 'report (inside the RSS goal)', true);
    line('server V8 heap used / total after', `${h.used.toFixed(0)} / ${h.total.toFixed(0)} MB`, 'report', true);
    line('routers screen API bytes (br/gzip)', `${(wire / 1e6).toFixed(2)} MB`, `<= 2 MB (uncompressed ${(plain / 1e6).toFixed(1)} MB)`, wire <= 2e6);
    for (const [name, times] of [...byCommand].sort(([a], [b]) => a.localeCompare(b))) {
      times.sort((a, b) => a - b);
      line(`  ${name} p50 / p99 (${times.length})`, `${percentile(times, 50).toFixed(0)} / ${percentile(times, 99).toFixed(0)} ms`, 'report', true);
    }
    line('listZones p50, 10 callers', `${quiet.toFixed(1)} ms`, 'report', true);
    line('listZones p50 beside a 10-client login flood', `${loud.toFixed(1)} ms`, `<= 3 x quiet + 10 ms (${(3 * quiet + 10).toFixed(0)} ms)`, loud <= 3 * quiet + 10);
  } finally {
    sim.child.kill('SIGTERM');
    await waitForExit(sim.child);
    keepAlive.destroy();
    rmSync(probeDir, { recursive: true, force: true });
    console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
