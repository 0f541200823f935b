import { createHash } from 'node:crypto';
import type { Simulator } from '../api/context';
import { nowDate } from '../db/rows';
import { recordAlert } from '../events/events';
import { recordRouterEvent } from '../events/subjects';
import { healthChecksOf, type HealthCheck } from '../routers/health';
import type { RouterRow } from '../routers/rows';

/** The services the monitoring tool watches on a virtual router, with their daemons and health checks. */
export const MONITORED_SERVICES = {
  dns: { daemon: 'dnsmasq', check: 'dns.service' },
  haproxy: { daemon: 'haproxy', check: 'haproxy.service' },
  ssh: { daemon: 'sshd', check: 'ssh.service' },
  apache: { daemon: 'apache2', check: 'apache.service' },
} as const;
export type MonitoredService = keyof typeof MONITORED_SERVICES;
export const SERVICE_NAMES = Object.keys(MONITORED_SERVICES) as MonitoredService[];

/** CloudStack's alert type for a router's services (AlertManager ALERT_TYPE_DOMAIN_ROUTER). */
export const ALERT_TYPE_DOMAIN_ROUTER = 9;
export const ALERT_NAME_DOMAIN_ROUTER = 'ALERT.SERVICE.DOMAINROUTER';

/** How often the monitor looks at the routers (ms at speed 1): once a minute, like the router's cron job. */
export const MONITOR_INTERVAL_MS = 60_000;
/** The chance a monitored router has one service crash between two looks (lower in a big cloud: see tick). */
export const CRASH_CHANCE = 0.01;
/** The share of crashes the monitor cannot repair (a broken configuration file: the simulator's own choice of figure). */
export const UNRESTARTABLE_SHARE = 0.25;

interface ServiceState {
  state: 'running' | 'crashed' | 'down';
  /** false: the daemon's configuration is broken, a restart does not bring it up. */
  restartable: boolean;
  since: string;
  restarts: number;
}

interface MonitorData {
  services?: Partial<Record<MonitoredService, ServiceState>>;
  /** When a service was given up on (ms); a later start, reboot or upgrade of the router clears it. */
  downSince?: number;
}

/** A number in [0, 1) from the demo cloud's random seed (--seed) and the given parts, the same on every run. */
export function chance(seed: number, ...parts: (string | number)[]): number {
  const h = createHash('sha1').update(`${seed}|${parts.join('|')}`).digest();
  return h.readUInt32BE(0) / 0x100000000;
}

/** Which service (if any) crashes on a router at a given look, and whether it can be restarted: pure and seeded. */
export function crashAt(seed: number, tick: number, routerId: string, odds = CRASH_CHANCE): { service: MonitoredService; restartable: boolean } | undefined {
  if (chance(seed, 'crash', tick, routerId) >= odds) return undefined;
  const service = SERVICE_NAMES[Math.floor(chance(seed, 'which', tick, routerId) * SERVICE_NAMES.length)]!;
  return { service, restartable: chance(seed, 'restart', tick, routerId) >= UNRESTARTABLE_SHARE };
}

/**
 * The Service Monitoring Tool for Virtual Router (CloudStack's Administration Guide, System Virtual Machines (cloudstack-documentation adminguide/systemvm.rst)). With network.router.enableservicemonitoring on in a zone, the
 * running routers of its isolated and shared networks (not VPC routers) have their DNS, HAProxy, SSH and
 * Apache watched: a crashed service is restarted (an event); one that cannot be restarted raises an alert
 * and an ERROR event, and stays down until the router is started, rebooted or upgraded again. Health checks
 * (getRouterHealthCheckResults, listRouters healthcheckresults) show each service's state.
 */
export class ServiceMonitor {
  private ticks = 0;

  constructor(private readonly sim: Simulator) {}

  private monitoredZones(): Set<string> {
    const zones = this.sim.db.prepare('SELECT id FROM zones').all() as { id: string }[];
    return new Set(zones.filter((z) => this.sim.settings.effectiveBool('network.router.enableservicemonitoring', z.id)).map((z) => z.id));
  }

  /** True for a router the tool runs on: a running router of an isolated or shared network, not of a VPC. */
  isMonitored(r: RouterRow, zones = this.monitoredZones()): boolean {
    return r.state === 'Running' && r.vpcid === null && zones.has(r.zoneid);
  }

  /** Crashes a service now (an admin or test hook); the monitor deals with it at its next look. */
  crash(routerId: string, service: MonitoredService, opts: { restartable?: boolean } = {}): void {
    const r = this.sim.db.prepare('SELECT * FROM routers WHERE id = ?').get(routerId) as RouterRow | undefined;
    if (!r) throw new Error(`no router ${routerId}`);
    if (r.state !== 'Running') throw new Error(`router ${r.name} is ${r.state}`);
    this.sim.db.transaction(() => {
      const m = monitorData(r);
      const services = m.services ?? {};
      services[service] = { state: 'crashed', restartable: opts.restartable ?? true, since: nowDate(), restarts: services[service]?.restarts ?? 0 };
      this.save(r, { ...m, services });
    })();
  }

  /** One look at every monitored router; answers how many services were restarted and how many given up on. */
  tick(): { restarted: number; failed: number; crashed: number } {
    const tick = ++this.ticks;
    const out = { restarted: 0, failed: 0, crashed: 0 };
    const zones = this.monitoredZones();
    this.sim.db.transaction(() => {
      this.clearRecovered();
      if (zones.size === 0) return;
      const ids = this.sim.db
        .prepare(`SELECT r.id FROM routers r JOIN networks n ON n.id = r.networkid
                  WHERE r.state = 'Running' AND r.vpcid IS NULL AND n.type IN ('Isolated', 'Shared') AND r.jobid IS NULL
                  AND r.zoneid IN (${[...zones].map(() => '?').join(',')})`)
        .pluck()
        .all(...zones) as string[];
      // At most about two crashes a look over the whole cloud, however many routers it has.
      const odds = Math.min(CRASH_CHANCE, 2 / Math.max(1, ids.length));
      const crashes = new Map<string, { service: MonitoredService; restartable: boolean }>();
      for (const id of ids) {
        const c = crashAt(this.sim.options.seed, tick, id, odds);
        if (c) crashes.set(id, c);
      }
      // Routers with a crash now, and those with a crashed service waiting (crash() between two looks).
      const waiting = new Set(this.sim.db
        .prepare(`SELECT id FROM routers WHERE json_extract(data, '$.health.monitor.services') IS NOT NULL AND data LIKE '%"crashed"%'`)
        .pluck().all() as string[]);
      const monitoredIds = new Set(ids);
      const get = this.sim.db.prepare('SELECT * FROM routers WHERE id = ?');
      const routers = [...new Set([...crashes.keys(), ...[...waiting].filter((id) => monitoredIds.has(id))])]
        .map((id) => get.get(id) as RouterRow);
      for (const r of routers) {
        const m = monitorData(r);
        const services = { ...(m.services ?? {}) };
        const crash = crashes.get(r.id);
        if (crash && services[crash.service]?.state !== 'down') {
          services[crash.service] = { state: 'crashed', restartable: crash.restartable, since: nowDate(), restarts: services[crash.service]?.restarts ?? 0 };
          out.crashed++;
        }
        let changed = crash !== undefined;
        for (const name of SERVICE_NAMES) {
          const s = services[name];
          if (s?.state !== 'crashed') continue;
          changed = true;
          if (s.restartable) {
            services[name] = { ...s, state: 'running', restarts: s.restarts + 1, since: nowDate() };
            this.restarted(r, name);
            out.restarted++;
          } else {
            services[name] = { ...s, state: 'down' };
            this.gaveUp(r, name);
            out.failed++;
          }
        }
        if (changed) this.save(r, { ...m, services, downSince: Object.values(services).some((s) => s?.state === 'down') ? (m.downSince ?? Date.now()) : undefined });
      }
    })();
    return out;
  }

  /** A router started, rebooted or upgraded since a service went down comes back with every service up. */
  private clearRecovered(): void {
    const down = this.sim.db
      .prepare(`SELECT id, json_extract(data, '$.health.monitor.downSince') AS since FROM routers WHERE json_extract(data, '$.health.monitor.downSince') IS NOT NULL`)
      .all() as { id: string; since: number }[];
    for (const d of down) {
      const again = this.sim.db
        .prepare(`SELECT 1 FROM jobs WHERE instanceid = ? AND kind IN ('router.start', 'router.reboot', 'router.upgrade') AND status = 1 AND created_ms > ? LIMIT 1`)
        .get(d.id, d.since);
      if (again) this.sim.db.prepare(`UPDATE routers SET data = json_remove(data, '$.health') WHERE id = ?`).run(d.id);
    }
  }

  private restarted(r: RouterRow, service: MonitoredService): void {
    const { daemon } = MONITORED_SERVICES[service];
    recordRouterEvent(this.sim.db, r, { type: 'ROUTER.SERVICE.RESTART', level: 'WARN',
      description: `The monitoring service found ${daemon} (${service}) stopped on router ${r.name} and restarted it` });
  }

  private gaveUp(r: RouterRow, service: MonitoredService): void {
    const { daemon } = MONITORED_SERVICES[service];
    const net = this.sim.db.prepare('SELECT name FROM networks WHERE id = ?').get(r.networkid) as { name: string } | undefined;
    const text = `Service ${daemon} (${service}) on router ${r.name} (network ${net?.name ?? r.networkid}) is down and the monitoring service could not restart it; check its configuration`;
    recordAlert(this.sim.db, ALERT_TYPE_DOMAIN_ROUTER, ALERT_NAME_DOMAIN_ROUTER, text);
    recordRouterEvent(this.sim.db, r, { type: 'ROUTER.SERVICE.DOWN', level: 'ERROR', description: text });
  }

  /**
   * Stores the monitor's state and the health checks it implies on the router, under data.health (which
   * server/routers/health.ts reads and routerResponse never answers).
   */
  private save(r: RouterRow, m: MonitorData): void {
    const base = healthChecksOf({ ...r, state: 'Running', data: JSON.stringify({ ...JSON.parse(r.data), health: undefined }) });
    const when = nowDate();
    const checks: HealthCheck[] = base.map((c) => {
      const name = SERVICE_NAMES.find((s) => MONITORED_SERVICES[s].check === c.checkname);
      const s = name ? m.services?.[name] : undefined;
      if (!name || !s) return c;
      const { daemon } = MONITORED_SERVICES[name];
      if (s.state === 'down') return { ...c, success: false, lastupdated: when, details: `${daemon} is not running; the monitoring service could not restart it since ${s.since}` };
      if (s.state === 'crashed') return { ...c, success: false, lastupdated: when, details: `${daemon} is not running (crashed at ${s.since})` };
      return { ...c, lastupdated: when, details: `${daemon} is running (restarted ${s.restarts} time${s.restarts === 1 ? '' : 's'} by the monitoring service, last at ${s.since})` };
    });
    const failed = checks.some((c) => !c.success) ? 1 : 0;
    this.sim.db
      .prepare(`UPDATE routers SET data = json_set(data, '$.health', json(?)) WHERE id = ?`)
      .run(JSON.stringify({ checks, failed, monitor: m }), r.id);
  }
}

function monitorData(r: RouterRow): MonitorData {
  return ((JSON.parse(r.data) as { health?: { monitor?: MonitorData } }).health?.monitor ?? {});
}
