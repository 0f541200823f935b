import { parseArgs as parseNodeArgs } from 'node:util';

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

/** What the command line asks for: the simulator's options and the serving process's own. */
export interface CommandLine {
  options: SimulatorOptions;
  port: number;
  upstream?: string;
  /** The origin users reach the server at (URLs in answers are built from it). */
  publicUrl?: string;
  /** Reverse proxies whose X-Forwarded-* headers are believed (addresses or CIDRs, comma-separated). */
  trustProxy?: string[];
  /** PEM files of the listener's own TLS. */
  tlsCert?: string;
  tlsKey?: string;
  /** --help was given: print `usage` and exit. */
  help: boolean;
}

/** The text of --help. */
export const usage = `Usage: npm start -- [flags]

  --port N                port of the app and /client/api (default 8080, or $PORT)
  --db FILE               SQLite database (default data/simulator.db; :memory: for a throw-away cloud)
  --routers N             routers in the demo cloud created on first start (default 120)
  --seed N                seed of the demo cloud's choices (default 42)
  --speed F               divides every simulated duration (default 1)
  --upgrade-parallel N    router upgrades running at once (default 10)
  --fail-routers LIST     routers whose upgrade fails, e.g. r-12-VM,r-3* (fault injection)
  --hold-routers LIST     routers whose reboot stops after its first step until a restart without the flag (tests)
  --hostile-names         give a few demo objects names full of HTML and script (for tests)
  --upstream URL          forward to a real management server instead (or $CLOUDSTACK_URL)
  --public-url URL        the origin users reach this server at, for URLs in answers
  --trust-proxy LIST      addresses or CIDRs of reverse proxies whose X-Forwarded-* headers count
  --tls-cert FILE         PEM certificate of the listener (with --tls-key: serve https)
  --tls-key FILE          PEM private key of the listener
  --help                  this text

Boolean flags take --flag, --flag=true or --flag=false.`;

/** A whole, non-negative number (or any positive number when `fraction`), or an error naming the flag. */
function number(flag: string, value: string, opts: { min?: number; fraction?: boolean; max?: number } = {}): number {
  const n = Number(value);
  const min = opts.min ?? 0;
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (!opts.fraction && !Number.isInteger(n)) || (opts.max !== undefined && n > opts.max)) {
    const what = opts.fraction ? 'a number' : 'a whole number';
    throw new Error(`--${flag} needs ${what} of at least ${min}${opts.max !== undefined ? ` and at most ${opts.max}` : ''}, not "${value}"`);
  }
  return n;
}

/** A boolean flag's value: absent, true, or given as --flag=true / --flag=false. */
function bool(flag: string, value: string | boolean | undefined): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new Error(`--${flag} is true or false, not "${value}"`);
}

/**
 * Parses the command line with Node's util.parseArgs (--flag value, --flag=value, --flag=false for
 * booleans). Environment: PORT and CLOUDSTACK_URL give defaults. Throws an Error whose message is for the
 * user (an unknown flag, a missing value, a bad number).
 */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = process.env): CommandLine {
  const { values } = parseNodeArgs({
    args: normalizeBooleans(argv),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      database: { type: 'string' },
      routers: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'upgrade-parallel': { type: 'string' },
      'fail-routers': { type: 'string' },
      'hold-routers': { type: 'string' },
      upstream: { type: 'string' },
      'public-url': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      // Read as a string so that --hostile-names=false works (a bare flag is given "true" first).
      'hostile-names': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options: SimulatorOptions = { ...defaultOptions };
  if (values.db ?? values.database) options.database = (values.db ?? values.database)!;
  if (values.routers !== undefined) options.routers = number('routers', values.routers);
  if (values.seed !== undefined) options.seed = number('seed', values.seed);
  if (values.speed !== undefined) options.speed = number('speed', values.speed, { fraction: true, min: Number.MIN_VALUE });
  if (values['upgrade-parallel'] !== undefined) options.upgradeParallel = number('upgrade-parallel', values['upgrade-parallel'], { min: 1 });
  if (values['fail-routers'] !== undefined) options.failRouters = values['fail-routers'].split(',').map((s) => s.trim()).filter(Boolean);
  if (values['hold-routers'] !== undefined) options.holdRouters = values['hold-routers'].split(',').map((s) => s.trim()).filter(Boolean);
  const hostile = bool('hostile-names', values['hostile-names']);
  if (hostile !== undefined) options.hostileNames = hostile;
  const portText = values.port ?? env.PORT;
  const port = portText === undefined ? 8080 : number('port', portText, { max: 65535 });
  const upstream = values.upstream ?? (env.CLOUDSTACK_URL || undefined);
  for (const [flag, value] of [['upstream', upstream], ['public-url', values['public-url']]] as const) {
    if (value === undefined) continue;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new Error(`--${flag} is not a URL: ${value}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--${flag} must be an http or https URL: ${value}`);
  }
  if (!!values['tls-cert'] !== !!values['tls-key']) throw new Error('--tls-cert and --tls-key go together');
  return {
    options,
    port,
    upstream,
    publicUrl: values['public-url'],
    trustProxy: values['trust-proxy']?.split(',').map((s) => s.trim()).filter(Boolean),
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    help: values.help ?? false,
  };
}

/** The command line with bare boolean flags given a value, so that util.parseArgs reads them as strings. */
function normalizeBooleans(argv: string[]): string[] {
  return argv.map((a) => (a === '--hostile-names' ? '--hostile-names=true' : a));
}
