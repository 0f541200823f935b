/**
 * One figure of the benchmark: what `npm run bench` prints with its goal and writes to bench/results.json.
 * A part (bench/bundle.ts, bench/api.ts, bench/routers.ts) prints each figure on a line of its own,
 * `@figure {"name":...,"value":...,"unit":...,"goal":...}`, which bench/run.ts collects.
 */
import { loadavg } from 'node:os';

export interface Figure {
  /** Stable name, e.g. routers_first_rows_ms, so that runs can be compared. */
  name: string;
  /** The measured value; null when it could not be measured in this run (the line says why). */
  value: number | null;
  /** ms, KiB, MB, bytes, %, ratio, calls, load. */
  unit: string;
  /** The goal of issue 17, e.g. "<= 1000"; null for a figure that is only recorded. */
  goal: string | null;
  /** What was measured, in a few words. */
  note?: string;
}

export const FIGURE_PREFIX = '@figure ';

/** Prints a figure for bench/run.ts to collect (and for a reader of the part's own output). */
export function emit(f: Figure): void {
  console.log(`${FIGURE_PREFIX}${JSON.stringify(f)}`);
}

/** Prints the machine's load averages (1, 5, 15 min) as a figure: every latency here depends on them. */
export function emitLoad(name: string): void {
  const [one, five, fifteen] = loadavg();
  emit({ name, value: Number(one!.toFixed(2)), unit: 'load', goal: null, note: `load average 1/5/15 min: ${one!.toFixed(2)} ${five!.toFixed(2)} ${fifteen!.toFixed(2)}` });
}

/** True when a figure meets its goal ("<= N" or ">= N"); undefined when it has no goal or value. */
export function meets(f: Figure): boolean | undefined {
  if (f.goal === null || f.value === null) return undefined;
  const m = /^(<=|>=)\s*([\d.]+)$/.exec(f.goal.trim());
  if (!m) return undefined;
  const bound = Number(m[2]);
  return m[1] === '<=' ? f.value <= bound : f.value >= bound;
}

export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const median = (xs: readonly number[]): number => pct(xs, 50);
