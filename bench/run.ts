/**
 * All the benchmarks in one run: bundle sizes, the API with 10,000 routers, the routers screen in Chromium,
 * and the console proxy. Each part prints its own figures. Usage: npm run bench
 */
import { spawnSync } from 'node:child_process';

const parts: [string, string[]][] = [
  ['Build', ['npx', 'vite', 'build', '--logLevel', 'warn']],
  ['Bundle sizes', ['npx', 'tsx', 'bench/bundle.ts']],
  ['API with 10,000 routers', ['npx', 'tsx', 'bench/api.ts', '10000']],
  ['Virtual routers screen with 10,000 routers (Chromium)', ['npx', 'tsx', 'bench/routers.ts', '10000']],
  ['Console proxy: keystroke round trip and throughput', ['npx', 'tsx', 'bench/console.ts', '1', '50', '200']],
];
let failed = 0;
for (const [title, [cmd, ...args]] of parts) {
  console.log(`\n== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd!, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.log(`(${title} failed with status ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
