/**
 * What the browser downloads: the app's initial JavaScript and CSS (what index.html loads and preloads) and
 * each lazily loaded chunk, raw and gzip -9, from the built dist/. Usage: npx vite build && npx tsx bench/bundle.ts [dist folder]
 *
 * It also checks that the heavy parts stay out of the first load (exit status 1 and a line naming them if
 * not): certificate parsing (ASN.1 object identifiers of PKCS, src/features/certificates), noVNC (the console
 * screen) and zod with the commands' schemas (loaded by the transport when it first reads an answer).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emit } from './figures';

const dist = process.argv[2] ?? join(process.cwd(), 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const size = (f: string) => {
  const b = readFileSync(join(dist, f));
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const js = { raw: 0, gz: 0 };
const css = { raw: 0, gz: 0 };
for (const f of initial) {
  const s = size(f);
  const acc = f.endsWith('.css') ? css : js;
  acc.raw += s.raw;
  acc.gz += s.gz;
}
console.log(`initial JavaScript: ${initial.filter((f) => f.endsWith('.js')).length} files, ${kib(js.raw)} raw, ${kib(js.gz)} gzip`);
console.log(`initial CSS: ${initial.filter((f) => f.endsWith('.css')).length} files, ${kib(css.raw)} raw, ${kib(css.gz)} gzip`);
emit({ name: 'initial_js_css_gzip_kib', value: Number(((js.gz + css.gz) / 1024).toFixed(1)), unit: 'KiB', goal: '<= 150', note: 'what index.html loads and preloads, gzip -9' });
emit({ name: 'initial_js_gzip_kib', value: Number((js.gz / 1024).toFixed(1)), unit: 'KiB', goal: null });
emit({ name: 'initial_css_gzip_kib', value: Number((css.gz / 1024).toFixed(1)), unit: 'KiB', goal: null });
/** Text that only a heavy part's code contains: where it is found in the initial files, that part is in the first load. */
const HEAVY: [string, string][] = [
  ['certificate parsing', '1.2.840.113549'],
  ['noVNC', 'noVNC'],
  ['zod (the answer parsers)', 'ZodError'],
];
const initialText = initial.filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(dist, f), 'utf8')] as const);
const leaked = HEAVY.flatMap(([part, marker]) => initialText.filter(([, text]) => text.includes(marker)).map(([f]) => `${part} in ${f}`));
console.log(leaked.length ? `heavy parts in the first load: ${leaked.join('; ')}` : `heavy parts in the first load: none (${HEAVY.map(([p]) => p).join(', ')} load with the screens that use them)`);
if (leaked.length) process.exitCode = 1;
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const rows = lazy.map((f) => ({ f, ...size(`assets/${f}`) })).sort((a, b) => b.gz - a.gz);
console.log(`lazily loaded chunks: ${rows.length}`);
for (const r of rows.slice(0, 12)) console.log(`  ${r.f.padEnd(40)} ${kib(r.raw).padStart(10)} raw ${kib(r.gz).padStart(10)} gzip`);
