import type { Simulator } from '../api/context';
import { SSVM_SCAN_INTERVAL_MS, SsvmScaler } from '../systemvms/scaler';
import { SNAPSHOT_BACKUP_INTERVAL_MS, SnapshotBackups } from '../systemvms/snapshotBackups';
import { MONITOR_INTERVAL_MS, ServiceMonitor } from './monitor';
import { RouterStatsCollector } from './stats';

/** The simulator's periodic work besides jobs: the router service monitor, router statistics, SSVM scaling, snapshot backups. */
export interface Background {
  monitor: ServiceMonitor;
  stats: RouterStatsCollector;
  scaler: SsvmScaler;
  snapshots: SnapshotBackups;
  /** Stops the timers only: from now on the caller (a test) drives the services with their tick(). */
  manual(): void;
  stop(): void;
}

const running = new WeakMap<Simulator, Background>();

/** The background services of a simulator (for tests, which drive them with tick() instead of waiting). */
export function backgroundOf(sim: Simulator): Background | undefined {
  return running.get(sim);
}

/** Starts the periodic services; each interval is divided by the speed factor. */
export function startBackground(sim: Simulator): Background {
  const monitor = new ServiceMonitor(sim);
  const stats = new RouterStatsCollector(sim);
  const scaler = new SsvmScaler(sim);
  const snapshots = new SnapshotBackups(sim);
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const every = (ms: number, name: string, fn: () => unknown) => {
    if (ms <= 0) return;
    const t = setInterval(() => {
      if (stopped) return;
      try {
        fn();
      } catch (err) {
        sim.log(`${name} failed: ${(err as Error).message}`);
      }
    }, ms);
    t.unref();
    timers.push(t);
  };
  const scaled = (ms: number) => Math.max(50, Math.round(ms / sim.options.speed));
  every(scaled(MONITOR_INTERVAL_MS), 'router service monitor', () => monitor.tick());
  every(stats.intervalMs(), 'router statistics', () => stats.tick());
  every(scaled(SSVM_SCAN_INTERVAL_MS), 'SSVM scaler', () => scaler.tick());
  every(scaled(SNAPSHOT_BACKUP_INTERVAL_MS), 'snapshot backups', () => snapshots.tick());
  const bg: Background = {
    monitor,
    stats,
    scaler,
    snapshots,
    manual() {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
    },
    stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      running.delete(sim);
    },
  };
  running.set(sim, bg);
  return bg;
}
