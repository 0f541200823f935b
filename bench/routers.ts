/**
 * Virtual routers screen benchmark. Seeds a simulator (in this process, in memory, port 0), drives Debian's
 * Chromium through playwright-core, and prints (and emits as @figure lines for bench/run.ts):
 *  - navigation to the first router rows visible (ms from navigation start, measured in the page), and the
 *    same for a bare baseline page in the same run (it fetches the first page of 500 routers and renders them
 *    as a plain HTML table), and their ratio;
 *  - when the whole list has been read (the counts no longer say "N of M read");
 *  - the API's bytes over the wire for the screen (CDP encodedDataLength of every /client/api answer: what the
 *    serving process sent, compressed or not), the JSON they carried, and the number of API calls by command,
 *    in the flat view and in the views grouped by pod and by cluster (the calls must not grow with the groups);
 *  - a switch of group-by: All -> Group by pod (group rows painted) and back (router rows painted), timed in
 *    the page from the change event to the next frame;
 *  - scrolling the list (requestAnimationFrame deltas; p50, p95);
 *  - the page's JS heap once the list is read (after a garbage collection).
 *
 * Usage: npx tsx bench/routers.ts [routers] [--runs N] [--dist DIR] [--no-scroll]
 *   routers: default 10000. At 50,000 the figure names get a _50k suffix (routers_first_rows_50k_ms, ...).
 *   --dist DIR serves another build (e.g. an older one, to compare); default dist/ (run `npx vite build` first).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { logIn, SCROLL_JS, SWITCH_JS } from './routersPage';
import { startServer } from '../server/main-lib';
import { emit, emitLoad, median, pct } from './figures';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUTERS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const RUNS = Number(flag('--runs') ?? (ROUTERS > 20_000 ? 3 : 7));
const DIST = flag('--dist') ?? join(process.cwd(), 'dist');
const SCROLL = !args.includes('--no-scroll');
const SCROLL_MS = 4000;
/** Figure names: the issue's names at 10,000, with a suffix at other sizes (_50k at 50,000). */
const suffix = ROUTERS === 10_000 ? '' : `_${ROUTERS % 1000 === 0 ? `${ROUTERS / 1000}k` : ROUTERS}`;
const VIEWPORT = { width: 1600, height: 1000 };

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
];

const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * In-page code is written as strings: tsx (esbuild) wraps named functions with a __name helper that
 * does not exist in the page.
 * MARKS records when the first router row appears and when the whole list is in (rows or groups shown and
 * no "N of M read" progress left), as performance.now() from navigation start.
 */
const MARKS = `(() => {
  // Paint times of the first rows (Element Timing: the name cell of the first row is marked when it enters the DOM).
  window.__paint = {};
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!(e.identifier in window.__paint)) window.__paint[e.identifier] = e.renderTime || e.loadTime; }).observe({ type: 'element', buffered: true });
  // The first cell with text (the first view's row starts with an empty selection cell, as the app's does).
  const mark = (row, id) => [...row.querySelectorAll('td, [role=cell] button')].find((c) => c.textContent.trim())?.setAttribute('elementtiming', id);
  const check = () => {
    // First rows: the app's own, or those of the first view the serving process drew (server/http/firstView.ts).
    const first = document.querySelector('[data-testid="router-row"], [data-testid="first-view-row"]');
    if (window.__firstSeen === undefined && first) { window.__firstSeen = performance.now(); window.__firstRow = first; mark(first, 'first-rows'); }
    const app = document.querySelector('[data-testid="router-row"]');
    // The app's first row when it is not the first rows' (the first view came before it); else the same paint.
    if (window.__appRows === undefined && app) { window.__appRows = performance.now(); if (app === window.__firstRow) window.__paintSame = true; else mark(app, 'app-rows'); }
    const shown = document.querySelector('[data-testid="router-row"], [data-testid="group-row"]');
    if (window.__allRead === undefined && shown && !document.querySelector('[data-testid="read-progress"]')) window.__allRead = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

/** The bare baseline: one fetch of the first page of 500 routers, rendered as a plain HTML table. */
const BASELINE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title>
<script type="module" src="/bench-baseline.js"></script></head><body><table><thead><tr>
<th>Name</th><th>State</th><th>Version</th><th>Requires upgrade</th><th>Zone</th><th>Pod</th><th>Host</th><th>Account</th><th>Public IP</th>
</tr></thead><tbody id="rows"></tbody></table></body></html>`;
const BASELINE_JS = `const s = await (await fetch('/client/session', { credentials: 'same-origin' })).json();
const body = new URLSearchParams({ command: 'listRouters', response: 'json', listall: 'true', projectid: '-1', page: '1', pagesize: '500', sessionkey: s.session.sessionkey });
const answer = await (await fetch('/client/api', { method: 'POST', body, credentials: 'same-origin' })).json();
const tbody = document.getElementById('rows');
const fields = ['name', 'state', 'version', 'requiresupgrade', 'zonename', 'podname', 'hostname', 'account', 'publicip'];
const frag = document.createDocumentFragment();
for (const r of answer.listroutersresponse.router) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'router-row';
  for (const f of fields) { const td = document.createElement('td'); td.textContent = String(r[f] ?? ''); tr.append(td); }
  frag.append(tr);
}
tbody.append(frag);
`;

/** Frame times of the same page standing still, as the baseline of this machine and browser. */
const IDLE = (duration: number) => `new Promise((resolve) => {
  const deltas = [];
  let last = performance.now();
  const start = last;
  const step = (now) => {
    deltas.push(now - last);
    last = now;
    if (now - start < ${duration}) requestAnimationFrame(step);
    else resolve(deltas.slice(1));
  };
  requestAnimationFrame(step);
})`;

interface ApiTraffic {
  /** Bytes over the wire (headers and body as received, CDP encodedDataLength). */
  wire: number;
  /** The answers' bodies as the page read them (decoded). */
  json: number;
  calls: Map<string, number>;
  inFlight: number;
}

/** Records every /client/api call (and the routers' first view, /client/first-view/) of a page from now on: bytes over the wire, decoded bytes, calls by command. */
async function watchApi(context: BrowserContext, page: Page): Promise<{ traffic: ApiTraffic; cdp: CDPSession }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const traffic: ApiTraffic = { wire: 0, json: 0, calls: new Map(), inFlight: 0 };
  const api = new Set<string>();
  const firstViews = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    const path = new URL(e.request.url).pathname;
    // The routers' first view carries a listRouters answer (one call to the management server): counted as one.
    const firstView = path.startsWith('/client/first-view/');
    if (!path.startsWith('/client/api') && !firstView) return;
    api.add(e.requestId);
    traffic.inFlight += 1;
    if (firstView) {
      firstViews.add(e.requestId);
      return;
    }
    const command = new URLSearchParams(e.request.postData ?? new URL(e.request.url).search).get('command') ?? '?';
    traffic.calls.set(command, (traffic.calls.get(command) ?? 0) + 1);
  });
  // A first view that came (200) holds a listRouters answer; a 204 (no session, a grouped view) sent no call.
  cdp.on('Network.responseReceived', (e) => {
    if (!firstViews.has(e.requestId) || e.response.status !== 200) return;
    traffic.calls.set('listRouters (first view)', (traffic.calls.get('listRouters (first view)') ?? 0) + 1);
  });
  cdp.on('Network.dataReceived', (e) => {
    if (api.has(e.requestId)) traffic.json += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!api.has(e.requestId)) return;
    traffic.wire += e.encodedDataLength;
    traffic.inFlight -= 1;
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (api.has(e.requestId)) traffic.inFlight -= 1;
  });
  return { traffic, cdp };
}

const callsText = (calls: Map<string, number>) =>
  `${[...calls.values()].reduce((a, b) => a + b, 0)} (${[...calls.entries()].sort().map(([c, n]) => `${c} ${n}`).join(', ')})`;

/**
 * Waits until the list is whole (rows or groups shown and no "N of M read" progress, data-testid="read-progress",
 * left), then until no API call is in flight.
 */
async function untilAllRead(page: Page, traffic: ApiTraffic): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="router-row"], [data-testid="group-row"]') !== null &&
      document.querySelector('[data-testid="read-progress"]') === null,
    undefined,
    { timeout: 300_000, polling: 100 },
  );
  const deadline = Date.now() + 60_000;
  while (traffic.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function main(): Promise<void> {
  emitLoad(`machine_load_before_routers${suffix}`);
  writeFileSync(join(DIST, 'bench-baseline.html'), BASELINE_HTML);
  writeFileSync(join(DIST, 'bench-baseline.js'), BASELINE_JS);
  const seedStart = performance.now();
  const server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: DIST, options: { database: ':memory:', routers: ROUTERS } });
  console.log(`simulator with ${ROUTERS.toLocaleString('en')} routers seeded and listening in ${ms(performance.now() - seedStart)} at ${server.url}, serving ${DIST}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const login = await context.newPage();
    await logIn(login, server.url);

    // 1. First rows, app and baseline alternately in the same session (fresh page, cache disabled).
    const firstRows: number[] = [];
    const allRead: number[] = [];
    const baseline: number[] = [];
    const appRows: number[] = [];
    const paint: number[] = [];
    const basePaint: number[] = [];
    // The first rows' paint (Element Timing), once it has been reported.
    // NaN when none is reported within 600 frames (the marked element was replaced before its paint).
    const PAINTED = (id: string) => `new Promise((resolve) => { const id = window.__paintSame ? 'first-rows' : '${id}'; let n = 0; const f = () => (window.__paint[id] !== undefined ? resolve(window.__paint[id]) : ++n > 600 ? resolve(NaN) : requestAnimationFrame(f)); f(); })`;
    const appPaint: number[] = [];
    let traffic: ApiTraffic | undefined;
    for (let run = 0; run < RUNS; run++) {
      const base = await context.newPage();
      await base.addInitScript(MARKS);
      const b = await watchApi(context, base);
      await base.goto(new URL('/bench-baseline.html', server.url).toString());
      await base.locator('[data-testid="router-row"]').first().waitFor({ timeout: 120_000 });
      baseline.push(Number(await base.evaluate('window.__firstSeen')));
      basePaint.push(Number(await base.evaluate(PAINTED('first-rows'))));
      await b.cdp.detach();
      await base.close();

      const fresh = await context.newPage();
      await fresh.addInitScript(MARKS);
      const w = await watchApi(context, fresh);
      await fresh.goto(new URL('/routers', server.url).toString());
      await fresh.locator('[data-testid="router-row"]').first().waitFor({ timeout: 300_000 });
      firstRows.push(Number(await fresh.evaluate('window.__firstSeen')));
      appRows.push(Number(await fresh.evaluate('window.__appRows')));
      paint.push(Number(await fresh.evaluate(PAINTED('first-rows'))));
      await fresh.locator('[data-testid="router-row"]').first().waitFor({ timeout: 300_000 });
      appPaint.push(Number(await fresh.evaluate(PAINTED('app-rows'))));
      await untilAllRead(fresh, w.traffic);
      allRead.push(Number(await fresh.evaluate('window.__allRead')));
      traffic = w.traffic;
      await w.cdp.detach();
      await fresh.close();
    }
    const first = median(firstRows);
    const base = median(baseline);
    console.log(`navigation to first rows visible: median ${ms(first)} (runs: ${firstRows.map(ms).join(', ')})`);
    console.log(`bare baseline page (first page of 500 as a plain table): median ${ms(base)} (runs: ${baseline.map(ms).join(', ')})`);
    console.log(`the app's own rows (interactive): median ${ms(median(appRows))} (runs: ${appRows.map(ms).join(', ')})`);
    console.log(`first rows painted (Element Timing): median ${ms(median(paint))} (runs: ${paint.map(ms).join(', ')}); baseline median ${ms(median(basePaint))} (runs: ${basePaint.map(ms).join(', ')}); the app's own rows painted: median ${ms(median(appPaint))}`);
    console.log(`whole list read (counts final): median ${ms(median(allRead))} (runs: ${allRead.map(ms).join(', ')})`);
    emit({ name: `routers_first_rows${suffix}_ms`, value: Math.round(first), unit: 'ms', goal: suffix === '_50k' ? '<= 1500' : suffix ? null : '<= 1000', note: `median of ${RUNS}, navigation start to first router row in the DOM (the first view's or the app's)` });
    emit({ name: `routers_first_rows_baseline${suffix}_ms`, value: Math.round(base), unit: 'ms', goal: null, note: `median of ${RUNS}, bare page: first page of 500 routers as an HTML table` });
    emit({ name: `routers_first_rows_ratio${suffix}`, value: Number((first / base).toFixed(2)), unit: 'ratio', goal: suffix ? null : '<= 1.5', note: 'app first rows / baseline first rows, same run' });
    emit({ name: `routers_app_rows${suffix}_ms`, value: Math.round(median(appRows)), unit: 'ms', goal: null, note: `median of ${RUNS}, navigation start to the app's own first router row (interactive), after the first view` });
    emit({ name: `routers_app_rows_ratio${suffix}`, value: Number((median(appRows) / base).toFixed(2)), unit: 'ratio', goal: null, note: "the app's own rows / baseline first rows, same run" });
    emit({ name: `routers_first_rows_painted${suffix}_ms`, value: Math.round(median(paint)), unit: 'ms', goal: null, note: `median of ${RUNS}, navigation start to the first row's paint (Element Timing renderTime)` });
    emit({ name: `routers_first_rows_painted_baseline${suffix}_ms`, value: Math.round(median(basePaint)), unit: 'ms', goal: null, note: `median of ${RUNS}, the same for the bare page` });
    emit({ name: `routers_first_rows_painted_ratio${suffix}`, value: Number((median(paint) / median(basePaint)).toFixed(2)), unit: 'ratio', goal: null, note: 'app first rows painted / baseline first rows painted, same run' });
    emit({ name: `routers_app_rows_painted${suffix}_ms`, value: Math.round(median(appPaint)), unit: 'ms', goal: null, note: `median of ${RUNS}, navigation start to the app's own first row's paint` });
    emit({ name: `routers_all_read${suffix}_ms`, value: Math.round(median(allRead)), unit: 'ms', goal: null, note: 'navigation start to no "N of M read" progress left' });
    if (traffic) {
      console.log(`API for /routers until the list is read: ${traffic.wire.toLocaleString('en')} bytes over the wire, ${traffic.json.toLocaleString('en')} bytes of JSON; calls ${callsText(traffic.calls)}`);
      emit({ name: `routers_api_bytes${suffix}`, value: traffic.wire, unit: 'bytes', goal: suffix ? null : '<= 2000000', note: 'bytes over the wire of every /client/api answer (CDP encodedDataLength), navigation to list read' });
      emit({ name: `routers_api_json_bytes${suffix}`, value: traffic.json, unit: 'bytes', goal: null, note: 'the same answers decoded (JSON as the page read it)' });
      emit({ name: `routers_api_calls${suffix}`, value: [...traffic.calls.values()].reduce((a, b) => a + b, 0), unit: 'calls', goal: null, note: callsText(traffic.calls) });
    }

    // 2. API calls of the grouped views: they must not grow with the number of groups.
    for (const view of ['pod', 'cluster']) {
      const page = await context.newPage();
      const w = await watchApi(context, page);
      await page.goto(new URL(`/routers?view=${view}`, server.url).toString());
      await page.locator('[data-testid="group-row"]').first().waitFor({ timeout: 300_000 });
      await untilAllRead(page, w.traffic);
      const groups = await page.locator('[data-testid="group-row"]').count();
      const total = [...w.traffic.calls.values()].reduce((a, b) => a + b, 0);
      console.log(`API calls for /routers?view=${view} (${groups} groups): ${callsText(w.traffic.calls)}`);
      emit({ name: `routers_api_calls_${view}${suffix}`, value: total, unit: 'calls', goal: null, note: `${groups} groups; ${callsText(w.traffic.calls)}` });
      await w.cdp.detach();
      await page.close();
    }

    // 3. Group-by switches, scrolling and the heap, in one page with the list read.
    const page = await context.newPage();
    const w = await watchApi(context, page);
    await page.goto(new URL('/routers', server.url).toString());
    await page.locator('[data-testid="router-row"]').first().waitFor({ timeout: 300_000 });
    await untilAllRead(page, w.traffic);
    const toPod: number[] = [];
    const toAll: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      toPod.push(Number(await page.evaluate(SWITCH_JS('pod', '[data-testid="group-row"]'))));
      toAll.push(Number(await page.evaluate(SWITCH_JS('all', '[data-testid="router-row"]'))));
    }
    const worse = Math.max(median(toPod), median(toAll));
    console.log(`group-by switch All -> pod: median ${ms(median(toPod))} (runs: ${toPod.map(ms).join(', ')})`);
    console.log(`group-by switch pod -> All: median ${ms(median(toAll))} (runs: ${toAll.map(ms).join(', ')})`);
    emit({ name: `group_switch${suffix}_ms`, value: Math.round(worse), unit: 'ms', goal: suffix === '_50k' ? '<= 300' : suffix ? null : '<= 100', note: `the slower of the medians All->pod ${ms(median(toPod))} and pod->All ${ms(median(toAll))}, change event to next frame` });

    if (SCROLL) {
      const idle = (await page.evaluate(IDLE(1500))) as number[];
      const frames = (await page.evaluate(SCROLL_JS(SCROLL_MS))) as { deltas: number[]; scrolled: number; rowsInDom: number };
      console.log(
        `scrolling: ${frames.deltas.length} frames over ${frames.scrolled.toLocaleString('en')} px; frame time p50 ${pct(frames.deltas, 50).toFixed(1)} ms, p95 ${pct(frames.deltas, 95).toFixed(1)} ms, max ${Math.max(...frames.deltas).toFixed(1)} ms; at most ${frames.rowsInDom} rows in the DOM`,
      );
      console.log(`idle page, same browser (baseline): frame time p50 ${pct(idle, 50).toFixed(1)} ms, p95 ${pct(idle, 95).toFixed(1)} ms`);
      emit({ name: `scroll_frame_p95${suffix}_ms`, value: Number(pct(frames.deltas, 95).toFixed(1)), unit: 'ms', goal: suffix ? null : '<= 20', note: `${frames.deltas.length} frames, 120 px a frame; idle page p95 ${pct(idle, 95).toFixed(1)} ms` });
      emit({ name: `scroll_frame_p50${suffix}_ms`, value: Number(pct(frames.deltas, 50).toFixed(1)), unit: 'ms', goal: null });
    }

    await w.cdp.send('HeapProfiler.collectGarbage');
    const heap = (await w.cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const mb = heap.usedSize / 1e6;
    console.log(`JS heap with the list read, after garbage collection: ${mb.toFixed(1)} MB used (${(heap.totalSize / 1e6).toFixed(1)} MB allocated)`);
    emit({ name: `js_heap${suffix}_mb`, value: Number(mb.toFixed(1)), unit: 'MB', goal: suffix === '_50k' ? '<= 150' : null, note: 'Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage, list read, after the group switches' });
    console.log(`list: ${await page.getByTestId('router-counts').innerText()}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    emitLoad(`machine_load_after_routers${suffix}`);
  }
}

await main();
