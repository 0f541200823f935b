/**
 * Profiling aid for the routers screen (not part of `npm run bench`): opens /routers once with a CPU profile and
 * a network log, and prints the network waterfall (ms from navigation start), the longest main-thread tasks
 * and the functions with the most self time until the first row (or, with --all, until the list is read).
 * Usage: npx tsx bench/profile-routers.ts [routers] [--all] [--trace FILE]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { logIn } from './routersPage';
import { startServer } from '../server/main-lib';

const args = process.argv.slice(2);
const ROUTERS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const ALL = args.includes('--all');
const traceAt = args.indexOf('--trace');
const distAt = args.indexOf('--dist');
const DIST = distAt >= 0 ? args[distAt + 1]! : join(process.cwd(), 'dist');
const MARKS = `(() => {
  window.__paint = {};
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!(e.identifier in window.__paint)) window.__paint[e.identifier] = e.renderTime || e.loadTime; }).observe({ type: 'element', buffered: true });
  const mark = (row, id) => { const cell = row.querySelector('td, [role=cell] button'); if (cell) cell.setAttribute('elementtiming', id); };
  const check = () => {
    const first = document.querySelector('[data-testid="router-row"], [data-testid="first-view-row"]');
    if (window.__firstSeen === undefined && first) { window.__firstSeen = performance.now(); mark(first, 'first'); requestAnimationFrame(() => { window.__rowsFrame = performance.now(); }); }
    const app = document.querySelector('[data-testid="router-row"]');
    if (window.__appRows === undefined && app) { window.__appRows = performance.now(); mark(app, 'app'); }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
})()`;

const server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: DIST, options: { database: ':memory:', routers: ROUTERS } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const login = await context.newPage();
  await logIn(login, server.url);
  // warm-up navigation (as the bench's alternating runs are), then the measured one
  for (let run = 0; run < 2; run++) {
    const page = await context.newPage();
    await page.addInitScript(MARKS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const reqs = new Map<string, { url: string; start: number; end?: number; ttfb?: number; size?: number }>();
    let t0 = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!t0) t0 = e.timestamp;
      const u = new URL(e.request.url);
      const cmd = new URLSearchParams(e.request.postData ?? '').get('command');
      const pg = new URLSearchParams(e.request.postData ?? '').get('page');
      reqs.set(e.requestId, { url: u.pathname.replace('/assets/', '') + (cmd ? ` ${cmd}${pg ? ' p' + pg : ''}` : ''), start: e.timestamp });
    });
    cdp.on('Network.responseReceived', (e) => { const r = reqs.get(e.requestId); if (r) r.ttfb = e.timestamp; });
    cdp.on('Network.loadingFinished', (e) => { const r = reqs.get(e.requestId); if (r) { r.end = e.timestamp; r.size = e.encodedDataLength; } });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    if (run === 1) await cdp.send('Profiler.start');
    if (run === 1 && traceAt >= 0) await browser.startTracing(page, { path: args[traceAt + 1], categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
    await page.goto(new URL('/routers', server.url).toString());
    await page.locator('[data-testid="router-row"]').first().waitFor({ timeout: 300_000 });
    if (ALL) await page.waitForFunction(() => !document.querySelector('[data-testid="read-progress"]'), undefined, { timeout: 300_000, polling: 100 });
    const first = Number(await page.evaluate('window.__firstSeen'));
    const long = (await page.evaluate('window.__long')) as [number, number][];
    if (run === 0) { await page.close(); continue; }
    if (traceAt >= 0) await browser.stopTracing();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number } };
    writeFileSync('/tmp/i17/profile.cpuprofile', JSON.stringify(profile));
    const fcp = Number(await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`));
    console.log(`first row at ${first.toFixed(0)} ms (first contentful paint ${fcp.toFixed(0)} ms), the app's own rows at ${Number(await page.evaluate('window.__appRows')).toFixed(0)} ms, frame after the first rows ${Number(await page.evaluate('window.__rowsFrame')).toFixed(0)} ms, painted ${JSON.stringify(await page.evaluate('window.__paint'))}`);
    const navTs = [...reqs.values()][0]!.start; // document request
    for (const r of [...reqs.values()].sort((a, b) => a.start - b.start)) {
      const f = (x?: number) => (x === undefined ? '   -' : ((x - navTs) * 1000).toFixed(0).padStart(5));
      console.log(`${f(r.start)} ${f(r.ttfb)} ${f(r.end)}  ${String(r.size ?? '').padStart(8)}  ${r.url}`);
    }
    console.log('long tasks (start, duration):', long.map(([s, d]) => `${s}+${d}`).join(' '));
    // self time by function until the first row (or the end)
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const self = new Map<string, number>();
    let t = profile.startTime;
    const limit = ALL ? Infinity : navTs * 1e6 + first * 1000;
    // per 100 ms window from navigation: busy ms and the top three functions by self time
    const win = new Map<number, Map<string, number>>();
    {
      let tt = profile.startTime;
      for (let i = 0; i < profile.samples.length; i++) {
        tt += profile.timeDeltas[i]!;
        const n = byId.get(profile.samples[i]!)!;
        if (n.callFrame.functionName === '(idle)') continue;
        const w = Math.floor((tt - navTs * 1e6) / 100_000);
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.columnNumber}`;
        const m = win.get(w) ?? new Map<string, number>();
        m.set(key, (m.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
        win.set(w, m);
      }
    }
    for (const [w, m] of [...win.entries()].sort((a, b) => a[0] - b[0])) {
      const busy = [...m.values()].reduce((a, b) => a + b, 0);
      if (busy < 10) continue;
      console.log(`${String(w * 100).padStart(5)} ms: busy ${busy.toFixed(0).padStart(3)} ms  ${[...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | ')}`);
    }
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i]!;
      if (t > limit) break;
      const n = byId.get(profile.samples[i]!)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i + 1 < profile.timeDeltas.length ? i + 1 : i]! / 1000);
    }
    // inclusive time by function in a window (--window FROM-TO, ms from navigation)
    const winAt = args.indexOf('--window');
    if (winAt >= 0) {
      const [from, to] = args[winAt + 1] === 'auto' ? [first - 700, first] : (args[winAt + 1]!.split('-').map(Number) as [number, number]);
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const incl = new Map<string, number>();
      let tt = profile.startTime;
      for (let i = 0; i < profile.samples.length; i++) {
        tt += profile.timeDeltas[i]!;
        const at = (tt - navTs * 1e6) / 1000;
        if (at < from || at > to) continue;
        const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
        const seen = new Set<string>();
        for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parent.get(id)) {
          const n = byId.get(id)!;
          const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
          if (seen.has(key)) continue;
          seen.add(key);
          incl.set(key, (incl.get(key) ?? 0) + dt);
        }
      }
      console.log(`inclusive time ${from}-${to} ms:`);
      for (const [k, v] of [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 80)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
    for (const [k, v] of top) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
