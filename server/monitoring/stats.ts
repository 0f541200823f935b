import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';

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
    const args = { round, seed: this.sim.options.seed, when: nowDate() };
    // Deterministic increments per router and round, computed by SQLite in two statements (fast at 10,000 routers).
    const rx = `(64 + ((r.rowid * 2654435761 + @round * 40503 + @seed * 7919) % 4096))`;
    const tx = `(32 + ((r.rowid * 40503 + @round * 2654435761 + @seed * 104729) % 2048))`;
    let count = 0;
    this.sim.db.transaction(() => {
      this.sim.db.prepare(
        `UPDATE networks SET data = json_set(data,
           '$.receivedbytes', IFNULL(json_extract(data, '$.receivedbytes'), 0) + s.rx * 1024,
           '$.sentbytes', IFNULL(json_extract(data, '$.sentbytes'), 0) + s.tx * 1024)
         FROM (SELECT r.networkid, SUM(${rx}) AS rx, SUM(${tx}) AS tx FROM routers r WHERE r.state = 'Running' GROUP BY r.networkid) AS s
         WHERE networks.id = s.networkid`,
      ).run({ round: args.round, seed: args.seed });
      count = this.sim.db.prepare(
        `UPDATE routers AS r SET data = json_set(r.data,
           '$.networkkbsread', IFNULL(json_extract(r.data, '$.networkkbsread'), 0) + ${rx},
           '$.networkkbswrite', IFNULL(json_extract(r.data, '$.networkkbswrite'), 0) + ${tx},
           '$.statscollected', @when) WHERE r.state = 'Running'`,
      ).run(args).changes;
    })();
    return count;
  }
}
