/**
 * Profiling aid (not part of `npm run bench`): what reading one page of listRouters costs in Chromium, with the
 * answer parser as it is (src/api/parse.ts parseResponse: zod, then compactValue) and with zod alone (what
 * parseResponse did before compactValue), and the JS heap that the parsed pages keep in each case.
 * The parser is bundled with esbuild and run in a blank page; the page of routers comes from the simulator.
 * Usage: npx tsx bench/profile-parse.ts [--pages N] [--pagesize N]
 *   --pages: pages parsed per round and kept (default 20); --pagesize: routers per page (default 500).
 */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startTestServer } from '../server/testing/harness';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES = Number(flag('--pages') ?? 20);
const PAGESIZE = Number(flag('--pagesize') ?? 500);
const ROUNDS = 8;

const ENTRY = `
import { z } from 'zod';
import { parseResponse } from './src/api/parse';
import { routerSchema } from './src/api/schemas';
const zodOnly = z.array(routerSchema);
const variants = {
  'zod alone': (text) => zodOnly.parse(JSON.parse(text).listroutersresponse.router),
  'parseResponse (zod + compactValue)': (text) => parseResponse('listRouters', JSON.parse(text)).items,
};
window.__names = Object.keys(variants);
window.__time = (name, text, pages) => {
  const keep = [];
  const t0 = performance.now();
  for (let i = 0; i < pages; i++) keep.push(variants[name](text));
  const ms = performance.now() - t0;
  window.__kept = keep;
  return ms / pages;
};
window.__drop = () => { window.__kept = undefined; };
`;

const bundle = await build({
  stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
  logLevel: 'warning',
});
const code = bundle.outputFiles[0]!.text;

const t = await startTestServer({ routers: PAGESIZE });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
try {
  const admin = await t.login();
  const answer = await admin.call('listRouters', { listall: true, page: 1, pagesize: PAGESIZE });
  const text = JSON.stringify(answer.body);
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>parse</title>');
  await page.addScriptTag({ content: code });
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
  const names = (await page.evaluate('window.__names')) as string[];
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  const kept = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      await page.evaluate('window.__drop()');
      const before = await heap();
      const ms = (await page.evaluate(([n, body, pages]) => (window as unknown as { __time: (n: string, t: string, p: number) => number }).__time(n, body, pages), [name, text, PAGES] as const)) as number;
      if (round > 0) times.get(name)!.push(ms);
      kept.set(name, (await heap()) - before);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`one page of ${PAGESIZE} routers (${(text.length / 1e6).toFixed(2)} MB of JSON), ${PAGES} pages a round, median of ${ROUNDS - 1} rounds:`);
  for (const name of names) {
    const heapPerRouter = kept.get(name)! / (PAGES * PAGESIZE);
    console.log(`  ${name}: ${median(times.get(name)!).toFixed(1)} ms a page (JSON.parse included); heap kept ${heapPerRouter.toFixed(0)} bytes a router`);
  }
} finally {
  await browser.close();
  await t.server.close();
}
