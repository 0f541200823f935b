import type { Simulator } from '../api/context';
import type { JobRow } from '../jobs/runner';

/**
 * Whether a name matches one of the patterns of a fault-injection flag (`--fail-routers`, `--hold-routers`):
 * each pattern is a name, or a name with `*` standing for any run of characters ("r-1*-VM").
 */
export function matchesNamePattern(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => {
    const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(name);
  });
}

/**
 * The job runner's hold for `--hold-routers`: a job on a router whose name matches (jobinstancetype
 * DomainRouter) is held after its first step, for tests that need an operation half way without racing it.
 * The patterns are read at every step, so a test that runs the simulator in its own process releases the
 * hold by emptying `sim.options.holdRouters`.
 */
export function heldRouterJobs(sim: Simulator): (job: JobRow) => boolean {
  const nameOf = sim.db.prepare('SELECT name FROM routers WHERE id = ?');
  return (job) => {
    const patterns = sim.options.holdRouters;
    if (patterns.length === 0 || job.instancetype !== 'DomainRouter' || !job.instanceid) return false;
    const row = nameOf.get(job.instanceid) as { name: string } | undefined;
    return row !== undefined && matchesNamePattern(patterns, row.name);
  };
}
