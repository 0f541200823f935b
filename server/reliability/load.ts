import type { Session } from '../testing/harness';

export interface LoadResult {
  requests: number;
  errors: string[];
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `clients` concurrent API clients, each calling a mix of read commands in a loop until `seconds` pass.
 * Every answer must be a 200; anything else is recorded as an error.
 */
export async function runApiLoad(sessions: Session[], seconds: number, routers: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const until = Date.now() + seconds * 1000;
  const pages = Math.max(1, Math.ceil(routers / 100));
  const mix: [string, () => Record<string, string | number | boolean>][] = [
    ['listRouters', () => ({ listall: true, pagesize: 100, page: 1 + Math.floor(Math.random() * pages) })],
    ['listRouters', () => ({ listall: true, pagesize: 1, state: 'Running' })],
    ['listSystemVms', () => ({})],
    ['listZones', () => ({})],
    ['listAsyncJobs', () => ({ pagesize: 20 })],
    ['listEvents', () => ({ listall: true, pagesize: 20 })],
  ];
  const started = Date.now();
  await Promise.all(
    sessions.map(async (s, i) => {
      let k = i;
      while (Date.now() < until) {
        const [command, params] = mix[k++ % mix.length]!;
        const a = performance.now();
        const r = await s.call(command, params());
        latencies.push(performance.now() - a);
        if (r.status !== 200) errors.push(`${command}: ${r.status} ${JSON.stringify(r.data).slice(0, 200)}`);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? 0,
    seconds: (Date.now() - started) / 1000,
  };
}
