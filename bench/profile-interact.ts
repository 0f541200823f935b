/**
 * Profiling aid (not part of `npm run bench`): opens /routers with the list read, then profiles the group-by
 * switch (All -> pod -> All, 3 times) and scrolling (2 s), printing the functions with the most inclusive and self
 * time for each. Usage: npx tsx bench/profile-interact.ts [routers] [--dist DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { logIn, SCROLL_JS, SWITCH_JS } from './routersPage';
import { startServer } from '../server/main-lib';

const args = process.argv.slice(2);
const ROUTERS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const distAt = args.indexOf('--dist');
const DIST = distAt >= 0 ? args[distAt + 1]! : join(process.cwd(), 'dist');


type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] };
function report(title: string, profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    let firstFrame = true;
    for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      if (firstFrame) self.set(key, (self.get(key) ?? 0) + dt);
      firstFrame = false;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + dt);
    }
  }
  console.log(`== ${title}: inclusive`);
  for (const [k, v] of [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
  console.log(`== ${title}: self`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
}

/** Sums the durations of complete events by name and thread in a trace (the busiest 40). */
function summarizeTrace(file: string): void {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] };
  const threads = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const sums = new Map<string, { dur: number; n: number }>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    const s = sums.get(key) ?? { dur: 0, n: 0 };
    s.dur += e.dur / 1000;
    s.n += 1;
    sums.set(key, s);
  }
  console.log('== scroll trace: busiest events (ms total, count)');
  for (const [k, v] of [...sums.entries()].sort((a, b) => b[1].dur - a[1].dur).slice(0, 45)) console.log(`${v.dur.toFixed(1).padStart(8)} ms ${String(v.n).padStart(5)}  ${k}`);
}

const server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: DIST, options: { database: ':memory:', routers: ROUTERS } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await logIn(page, server.url);
  await page.goto(new URL('/routers', server.url).toString());
  await page.waitForFunction(() => document.querySelector('[data-testid="router-row"]') && !document.querySelector('[data-testid="read-progress"]'), undefined, { timeout: 300_000, polling: 200 });
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    times.push(Number(await page.evaluate(SWITCH_JS('pod', '[data-testid="group-row"]'))));
    times.push(Number(await page.evaluate(SWITCH_JS('all', '[data-testid="router-row"]'))));
  }
  report(`switch (${times.map((t) => t.toFixed(0)).join(', ')} ms)`, ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  await page.waitForTimeout(500);
  if (args.includes('--trace')) {
    await browser.startTracing(page, { path: '/tmp/i17/scroll-trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'benchmark'] });
    await page.evaluate(SCROLL_JS(2000));
    await browser.stopTracing();
    summarizeTrace('/tmp/i17/scroll-trace.json');
  }
  await cdp.send('Profiler.start');
  const { deltas } = (await page.evaluate(SCROLL_JS(2000))) as { deltas: number[] };
  const sorted = [...deltas].sort((a, b) => a - b);
  report(`scroll (${deltas.length} frames, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)})`, ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
} finally {
  await browser.close();
  await server.close();
}
