import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { chance } from './monitor';

/**
 * Network usage statistics of the routers, collected every router.stats.interval seconds (0: never), as the
 * management server fetches them from its virtual routers. Each running router's counters grow by a
 * deterministic amount per collection (networkkbsread / networkkbswrite on the router, receivedbytes /
 * sentbytes summed on its network).
 */
export class RouterStatsCollector {
  private rounds = 0;

  constructor(private readonly sim: Simulator) {}

  /** The collection interval in ms at the simulator's speed, or 0 when collection is off. */
  intervalMs(): number {
    const seconds = this.sim.settings.effectiveNumber('router.stats.interval');
    return seconds > 0 ? Math.max(50, Math.round((seconds * 1000) / this.sim.options.speed)) : 0;
  }

  /** One collection; answers how many routers reported (none when router.stats.interval is 0). */
  tick(): number {
    if (this.intervalMs() === 0) return 0;
    const round = ++this.rounds;
    const routers = this.sim.db.prepare(`SELECT id, networkid FROM routers WHERE state = 'Running'`).all() as { id: string; networkid: string }[];
    const when = nowDate();
    const seed = this.sim.options.seed;
    const perRouter = this.sim.db.prepare(
      `UPDATE routers SET data = json_set(data,
         '$.networkkbsread', IFNULL(json_extract(data, '$.networkkbsread'), 0) + ?,
         '$.networkkbswrite', IFNULL(json_extract(data, '$.networkkbswrite'), 0) + ?,
         '$.statscollected', ?) WHERE id = ?`);
    const perNetwork = this.sim.db.prepare(
      `UPDATE networks SET data = json_set(data,
         '$.receivedbytes', IFNULL(json_extract(data, '$.receivedbytes'), 0) + ?,
         '$.sentbytes', IFNULL(json_extract(data, '$.sentbytes'), 0) + ?) WHERE id = ?`);
    this.sim.db.transaction(() => {
      for (const r of routers) {
        const read = 64 + Math.floor(chance(seed, 'rx', round, r.id) * 4096);
        const write = 32 + Math.floor(chance(seed, 'tx', round, r.id) * 2048);
        perRouter.run(read, write, when, r.id);
        perNetwork.run(read * 1024, write * 1024, r.networkid);
      }
    })();
    return routers.length;
  }
}
