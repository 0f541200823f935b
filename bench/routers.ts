/**
 * Virtual routers screen benchmark. Seeds a simulator with 10,000 routers (in this process, in memory,
 * port 0), drives Chromium and prints:
 *  - navigation to the first router rows visible (ms from navigation start, measured in the page);
 *  - a switch of group-by: All -> Group by pod (group rows visible) and back (router rows visible);
 *  - scrolling the virtualised list: requestAnimationFrame deltas while scrolling (p50, p95, max);
 *  - the JavaScript loaded for the route: bytes transferred, and gzip -6 of the same files.
 *
 * Usage: npx tsx bench/routers.ts [routers]   (default 10000; run `npx vite build` first)
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../server/main-lib';

const ROUTERS = Number(process.argv[2] ?? 10_000);
const RUNS = 3;
const SCROLL_MS = 4000;

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const median = (xs: readonly number[]) => pct(xs, 50);
const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * In-page code is written as strings: tsx (esbuild) wraps named functions with a __name helper that
 * does not exist in the page.
 * FIRST_SEEN records when the first router row appears (performance.now(), from navigation start).
 */
const FIRST_SEEN = `(() => {
  const check = () => {
    if (window.__firstSeen === undefined && document.querySelector('[data-testid="router-row"]')) window.__firstSeen = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})()`;

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

/** Scrolls the list by about three rows a frame (a fast wheel or a dragged scrollbar) and records frame times. */
const SCROLL = (duration: number) => `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="router-table"]');
  const deltas = [];
  const rows = () => document.querySelectorAll('[data-testid="router-row"]').length;
  let rowsInDom = rows();
  let last = performance.now();
  const start = last;
  const step = (now) => {
    deltas.push(now - last);
    last = now;
    el.scrollTop += 120;
    rowsInDom = Math.max(rowsInDom, rows());
    if (now - start < ${duration} && el.scrollTop + el.clientHeight < el.scrollHeight) requestAnimationFrame(step);
    else resolve({ deltas: deltas.slice(1), scrolled: el.scrollTop, rowsInDom });
  };
  requestAnimationFrame(step);
})`;

async function logIn(page: Page, base: string): Promise<void> {
  await page.goto(new URL('/login', base).toString());
  await page.getByRole('textbox', { name: 'Username' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}

async function main(): Promise<void> {
  const seedStart = performance.now();
  const server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: ROUTERS } });
  console.log(`simulator with ${ROUTERS.toLocaleString('en')} routers seeded and listening in ${ms(performance.now() - seedStart)} at ${server.url}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    // 1. Navigation to first rows visible, and the JavaScript of the route (fresh context: empty cache).
    const firstRows: number[] = [];
    let js: { url: string; transferred: number; gzip: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await logIn(page, server.url);
      // A fresh page in the same context: the session cookie is kept, the app loads from scratch.
      const fresh = await context.newPage();
      await fresh.addInitScript(FIRST_SEEN);
      const scripts: { url: string; transferred: number; gzip: number }[] = [];
      const cdp = await context.newCDPSession(fresh);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const types = new Map<string, string>();
      cdp.on('Network.responseReceived', (e) => types.set(e.requestId, `${e.type} ${e.response.url}`));
      const finished: Promise<void>[] = [];
      cdp.on('Network.loadingFinished', (e) => {
        const t = types.get(e.requestId);
        if (!t?.startsWith('Script ')) return;
        finished.push(
          cdp.send('Network.getResponseBody', { requestId: e.requestId }).then((b) => {
            const body = b.base64Encoded ? Buffer.from(b.body, 'base64') : Buffer.from(b.body);
            scripts.push({ url: t.slice(7), transferred: e.encodedDataLength, gzip: gzipSync(body, { level: 6 }).length });
          }),
        );
      });
      await fresh.goto(new URL('/routers', server.url).toString());
      await fresh.locator('[data-testid="router-row"]').first().waitFor({ timeout: 120_000 });
      firstRows.push(Number(await fresh.evaluate('window.__firstSeen')));
      await Promise.all(finished);
      js = scripts;
      await context.close();
    }

    // 2. Group-by switches and 3. scrolling, in one page with the list loaded.
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await logIn(page, server.url);
    await page.goto(new URL('/routers', server.url).toString());
    await page.locator('[data-testid="router-row"]').first().waitFor({ timeout: 120_000 });
    const toPod: number[] = [];
    const toAll: number[] = [];
    const select = page.getByRole('combobox', { name: 'Select view' });
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      await select.selectOption('pod');
      await page.locator('[data-testid="group-row"]').first().waitFor();
      toPod.push(performance.now() - t);
      t = performance.now();
      await select.selectOption('all');
      await page.locator('[data-testid="router-row"]').first().waitFor();
      toAll.push(performance.now() - t);
    }

    const idle = (await page.evaluate(IDLE(1500))) as number[];
    const frames = (await page.evaluate(SCROLL(SCROLL_MS))) as { deltas: number[]; scrolled: number; rowsInDom: number };
    const total = await page.getByTestId('router-counts').innerText();
    await context.close();

    const jsTransferred = js.reduce((n, s) => n + s.transferred, 0);
    const jsGzip = js.reduce((n, s) => n + s.gzip, 0);
    console.log(`list: ${total}`);
    console.log(`navigation to first rows visible: median ${ms(median(firstRows))} (runs: ${firstRows.map(ms).join(', ')})`);
    console.log(`group-by switch All -> pod: median ${ms(median(toPod))} (runs: ${toPod.map(ms).join(', ')})`);
    console.log(`group-by switch pod -> All: median ${ms(median(toAll))} (runs: ${toAll.map(ms).join(', ')})`);
    console.log(
      `scrolling: ${frames.deltas.length} frames over ${frames.scrolled.toLocaleString('en')} px; frame time p50 ${frames.deltas.length ? pct(frames.deltas, 50).toFixed(1) : '-'} ms, p95 ${pct(frames.deltas, 95).toFixed(1)} ms, max ${Math.max(...frames.deltas).toFixed(1)} ms; at most ${frames.rowsInDom} rows in the DOM`,
    );
    console.log(`idle page, same browser (baseline): frame time p50 ${pct(idle, 50).toFixed(1)} ms, p95 ${pct(idle, 95).toFixed(1)} ms`);
    console.log(`JavaScript for /routers: ${js.length} files, ${(jsTransferred / 1024).toFixed(1)} KiB transferred (as the server sent it), ${(jsGzip / 1024).toFixed(1)} KiB if gzipped at level 6`);
    for (const s of js) console.log(`  ${new URL(s.url).pathname}: ${(s.transferred / 1024).toFixed(1)} KiB, gzip ${(s.gzip / 1024).toFixed(1)} KiB`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
