/**
 * Profiling aid (not part of `npm run bench`): scrolls the routers list of one page (10,000 routers, list read) as
 * bench/routers.ts does, for each CSS variant given, in rounds, and prints the frame times and, from a Chromium trace,
 * the renderer main thread's CPU time per frame by phase (CPU time, `tdur`, is far steadier than frame times on a
 * loaded machine). Usage: npx tsx bench/profile-scroll.ts [DIST] [variants, e.g. base,opaque] [rounds]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { logIn, SCROLL_JS } from './routersPage';
import { startServer } from '../server/main-lib';

const DIST = process.argv[2] ?? join(process.cwd(), 'dist');
const VARIANTS: Record<string, string> = {
  base: '',
  opaque: '[data-testid="router-table"]{background-color:var(--mantine-color-body)}',
  willchange: '[data-testid="router-table"]{background-color:var(--mantine-color-body); will-change: scroll-position}',
  contain: '[data-testid="router-row"]{contain: strict}',
  both: '[data-testid="router-table"]{background-color:var(--mantine-color-body); will-change: scroll-position} [data-testid="router-row"]{contain: strict}',
};
const server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: DIST, options: { database: ':memory:', routers: 10000 } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await logIn(page, server.url);
  await page.goto(new URL('/routers', server.url).toString());
  await page.waitForFunction(() => document.querySelector('[data-testid="router-row"]') && !document.querySelector('[data-testid="read-progress"]'), undefined, { timeout: 300_000, polling: 200 });
  await page.waitForTimeout(1000);
  const names = (process.argv[3] ?? 'base,opaque,willchange,contain,both').split(',');
  const results = new Map<string, number[]>();
  const cpuResults = new Map<string, number[]>();
  for (let round = 0; round < Number(process.argv[4] ?? 3); round++) {
    for (const name of names) {
      await page.evaluate(`(() => { let s = document.getElementById('ab'); if (!s) { s = document.createElement('style'); s.id = 'ab'; document.head.append(s); } s.textContent = ${JSON.stringify(VARIANTS[name])}; })()`);
      await page.waitForTimeout(300);
      await browser.startTracing(page, { path: '/tmp/i17/ab.json', categories: ['toplevel', 'disabled-by-default-devtools.timeline', 'devtools.timeline', 'cc'] });
      await page.evaluate(() => { document.querySelector('[data-testid="router-table"]')!.scrollTop = 0; });
      const { deltas: d } = (await page.evaluate(SCROLL_JS(3000))) as { deltas: number[] };
      await browser.stopTracing();
      const trace = JSON.parse(readFileSync('/tmp/i17/ab.json', 'utf8')) as { traceEvents: { name: string; ph: string; tdur?: number; dur?: number; tid: number; pid: number; args?: { name?: string } }[] };
      const threads = new Map<string, string>();
      for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
      const cpu = new Map<string, number>();
      for (const e of trace.traceEvents) {
        if (e.ph !== 'X' || !e.tdur || !/^(ThreadControllerImpl::RunTask|RunTask)$/.test(e.name)) continue;
        const t = (threads.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '');
        cpu.set(t, (cpu.get(t) ?? 0) + e.tdur / 1000);
      }
      const phases = new Map<string, number>();
      for (const e of trace.traceEvents) {
        if (e.ph !== 'X' || !e.tdur || threads.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain') continue;
        if (!['EventDispatch', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'Layerize', 'PrePaint', 'ProxyMain::BeginMainFrame', 'FunctionCall', 'Commit', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase'].includes(e.name)) continue;
        phases.set(e.name, (phases.get(e.name) ?? 0) + e.tdur / 1000);
      }
      console.log('  ' + [...phases.entries()].map(([k, v]) => `${k} ${(v / d.length).toFixed(2)}`).join(', '));
      const main = cpu.get('CrRendererMain') ?? 0;
      const per = (x: number) => (x / d.length).toFixed(2);
      console.log(`  cpu per frame: main ${per(main)} ms, raster ${per(cpu.get('ThreadPoolForegroundWorker') ?? 0)} ms, compositor ${per(cpu.get('Compositor') ?? 0)}, viz ${per(cpu.get('VizCompositorThread') ?? 0)}`);
      cpuResults.set(name, [...(cpuResults.get(name) ?? []), Number(per(main))]);
      const s = [...d].sort((a, b) => a - b);
      const p95 = s[Math.floor(s.length * 0.95)]!;
      results.set(name, [...(results.get(name) ?? []), Number(p95.toFixed(1))]);
      console.log(`${name}: frames ${d.length} p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} p95 ${p95.toFixed(1)}`);
    }
  }
  for (const [k, v] of results) console.log(k, 'p95', v.join(', '), 'main cpu/frame', cpuResults.get(k)!.join(', '));
} finally {
  await browser.close();
  await server.close();
}
