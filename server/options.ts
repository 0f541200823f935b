/** How a simulator is started: from the command line for `npm start`, from code in tests. */
export interface SimulatorOptions {
  /** SQLite file, or ':memory:'. */
  database: string;
  /** Routers in the demo cloud, created on first start. */
  routers: number;
  /** Seed of the demo cloud's pseudo-random choices. */
  seed: number;
  /** Simulated durations are divided by this (tests run fast). */
  speed: number;
  /** How many router upgrades run at once. */
  upgradeParallel: number;
  /** Names (or name patterns with *) of routers whose upgrade fails, for fault injection. */
  failRouters: string[];
  /** Host the console proxies listen on. */
  consoleHost: string;
  /** Give a few demo objects names full of HTML and script, for tests that they are shown as text. */
  hostileNames: boolean;
  /**
   * Run the periodic services (router service monitor, router statistics, SSVM scaler, snapshot backups) on
   * their timers. Tests turn this off: the services then exist but act only when the test calls their tick().
   */
  background: boolean;
  /**
   * Names (or name patterns with *) of routers whose jobs stop after their first step in this process, for
   * tests that need an operation half way: the router stays in its transitional state and the job pending
   * until the simulator is started again without the flag.
   */
  holdRouters: string[];
}

export const defaultOptions: SimulatorOptions = {
  database: 'data/simulator.db',
  routers: 120,
  seed: 42,
  speed: 1,
  upgradeParallel: 10,
  failRouters: [],
  consoleHost: '127.0.0.1',
  hostileNames: false,
  background: true,
  holdRouters: [],
};

/** Parses --flag value / --flag=value arguments into options. */
export function parseArgs(argv: string[]): { options: SimulatorOptions; port: number; upstream?: string } {
  const options = { ...defaultOptions };
  let port = Number(process.env.PORT ?? 8080);
  let upstream = process.env.CLOUDSTACK_URL || undefined;
  const args = [...argv];
  while (args.length) {
    const arg = args.shift()!;
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number`);
      return n;
    };
    switch (flag) {
      case '--port': port = num(); break;
      case '--db': case '--database': options.database = value(); break;
      case '--routers': options.routers = Math.floor(num()); break;
      case '--seed': options.seed = Math.floor(num()); break;
      case '--speed': options.speed = num() || 1; break;
      case '--upgrade-parallel': options.upgradeParallel = Math.max(1, Math.floor(num())); break;
      case '--fail-routers': options.failRouters = value().split(',').filter(Boolean); break;
      case '--upstream': upstream = value(); break;
      case '--hostile-names': options.hostileNames = true; break;
      case '--hold-routers': options.holdRouters = value().split(',').filter(Boolean); break;
      default: throw new Error(`Unknown flag ${flag}. Flags: --port --db --routers --seed --speed --upgrade-parallel --fail-routers --hold-routers --hostile-names --upstream`);
    }
  }
  return { options, port, upstream };
}
