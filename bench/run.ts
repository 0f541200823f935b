/**
 * All the benchmarks in one run: bundle sizes, the API with 10,000 routers (with the upgrade of one pod),
 * the routers screen in Chromium at 10,000 and at 50,000 routers, and the console proxy. Each part prints its
 * own figures; at the end this prints every figure of issue 17 with its goal beside it and writes them to
 * bench/results.json, an array of {name, value, unit, goal, note}.
 *
 * Usage: npm run bench [-- --no-console] [--dist DIR] [--out FILE] [--parts bundle,api,...]
 *   --dist DIR: measure another build (no build step); --out FILE: write the figures there instead
 *   --parts: run only these parts (bundle, api, routers, routers50k, console; bundle builds first unless --dist)
 *   and update their figures in the existing figures file, keeping the others as they were
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { FIGURE_PREFIX, meets, type Figure } from './figures';

const argv = process.argv.slice(2);
const distAt = argv.indexOf('--dist');
const dist = distAt >= 0 ? argv[distAt + 1] : undefined;
const withDist = dist ? ['--dist', dist] : [];

const partsAt = argv.indexOf('--parts');
const only = partsAt >= 0 ? new Set(argv[partsAt + 1]!.split(',')) : undefined;
const allParts: [string, string, string[]][] = [
  ...(dist ? [] : [['bundle', 'Build', ['npx', 'vite', 'build', '--logLevel', 'warn']] as [string, string, string[]]]),
  ['bundle', 'Bundle sizes', ['npx', 'tsx', 'bench/bundle.ts', ...(dist ? [dist] : [])]],
  ['api', 'API with 10,000 routers, and the upgrade of one pod', ['npx', 'tsx', 'bench/api.ts', '10000']],
  ['routers', 'Virtual routers screen with 10,000 routers (Chromium)', ['npx', 'tsx', 'bench/routers.ts', '10000', ...withDist]],
  ['routers50k', 'Virtual routers screen with 50,000 routers (Chromium)', ['npx', 'tsx', 'bench/routers.ts', '50000', '--no-scroll', ...withDist]],
  ...(argv.includes('--no-console')
    ? []
    : [['console', 'Console proxy: keystroke round trip and throughput', ['npx', 'tsx', 'bench/console.ts', '1', '50', '200']] as [string, string, string[]]]),
];
const parts: [string, string[]][] = allParts.filter(([key]) => !only || only.has(key)).map(([, title, cmd]) => [title, cmd]);

/** Runs one part, passing its output through and collecting its @figure lines. */
function runPart(cmd: string, args: string[], figures: Figure[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(FIGURE_PREFIX)) figures.push(JSON.parse(line.slice(FIGURE_PREFIX.length)) as Figure);
        else console.log(line);
      }
    });
    child.on('close', (code) => {
      if (rest) console.log(rest);
      resolve(code);
    });
  });
}

const figures: Figure[] = [];
let failed = 0;
const started = new Date();
const load0 = loadavg();
for (const [title, [cmd, ...args]] of parts) {
  console.log(`\n== ${title}: ${cmd} ${args.join(' ')}`);
  const status = await runPart(cmd!, args, figures);
  if (status !== 0) {
    failed += 1;
    console.log(`(${title} failed with status ${status})`);
  }
}

const WANTED = [
  'initial_js_css_gzip_kib', 'routers_first_rows_ms', 'routers_first_rows_baseline_ms', 'routers_first_rows_ratio',
  'routers_api_bytes', 'group_switch_ms', 'scroll_frame_p95_ms', 'pod_upgrade_over_minimum_pct',
  'routers_first_rows_50k_ms', 'js_heap_50k_mb', 'group_switch_50k_ms',
];
const outAt = argv.indexOf('--out');
const out = outAt >= 0 ? argv[outAt + 1]! : join(process.cwd(), 'bench', 'results.json');
if (only && existsSync(out)) {
  // Only some parts ran: the other figures stay as the file has them.
  const before = JSON.parse(readFileSync(out, 'utf8')) as Figure[];
  const measured = figures.splice(0);
  figures.push(...before.map((f) => measured.find((g) => g.name === f.name) ?? f), ...measured.filter((g) => !before.some((f) => f.name === g.name)));
}
for (const name of WANTED) {
  if (!figures.some((f) => f.name === name)) figures.push({ name, value: null, unit: '', goal: null, note: 'not measured: its part failed' });
}

const cell = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
console.log(`\n== Every figure, ${started.toISOString()} to ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`${cell('figure', 40)} ${cell('value', 14)} ${cell('goal', 12)} met`);
for (const f of figures) {
  if (f.unit === 'load') continue;
  const ok = meets(f);
  const value = f.value === null ? 'not measured' : `${f.value.toLocaleString('en')} ${f.unit}`;
  console.log(`${cell(f.name, 40)} ${cell(value, 14)} ${cell(f.goal ?? '', 12)} ${ok === undefined ? '' : ok ? 'yes' : 'NO'}`);
}
writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nwritten to ${out}`);
process.exit(failed ? 1 : 0);
