import { z } from 'zod';
import { command } from '../api/registry';
import { listParams, ownerParams, P } from '../api/params';
import { addEq, addEqs, addKeyword, queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { ApiError, notFound, paramError } from '../api/errors';
import type { Caller, Simulator } from '../api/context';
import { recordRouterEvent } from '../events/subjects';
import { getRouter, MINIMUM_ROUTER_VERSION, RouterNames, routerRequiresUpgrade, routerResponse, type RouterRow } from './rows';
import { healthChecksOf } from './health';
import { ZoneRouterTemplates } from './templates';

export const UPGRADE_QUEUE = 'router.upgrade';

function routerFor(sim: Simulator, caller: Caller, id: string): RouterRow {
  const r = getRouter(sim.db, id);
  if (!r) throw notFound('router', id);
  checkAccess(caller, r, `router ${r.name}`);
  return r;
}

/** router.version.check: a router below the minimum version accepts no operation but the upgrade. */
export function assertVersionOk(sim: Simulator, r: RouterRow): void {
  if (sim.settings.effectiveBool('router.version.check') && routerRequiresUpgrade(r)) {
    throw new ApiError(
      530,
      `Router requires upgrade. Unable to send command to router: ${r.name}, router template version: ${r.version}, minimal required version: ${MINIMUM_ROUTER_VERSION}. Upgrade the router first (upgradeRouterTemplate).`,
    );
  }
}

function assertNoJob(r: RouterRow): void {
  if (r.jobid) throw new ApiError(536, `Router ${r.name} is busy with another operation (job ${r.jobid}); try again when it finishes`);
}

function jobStatusOf(sim: Simulator, rows: RouterRow[]): Map<string, number> {
  const ids = rows.map((r) => r.jobid).filter((j): j is string => !!j);
  const m = new Map<string, number>();
  if (ids.length === 0) return m;
  for (const j of sim.db.prepare(`SELECT id, status FROM jobs WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: string; status: number }[]) {
    m.set(j.id, j.status);
  }
  return m;
}

export const listRouters = command({
  name: 'listRouters',
  access: 'admin',
  params: z.object({
    ...listParams, ...ownerParams,
    id: P.id().optional(), name: P.str().optional(), state: P.str().optional(), zoneid: P.id().optional(),
    podid: P.id().optional(), clusterid: P.id().optional(), hostid: P.id().optional(), networkid: P.id().optional(),
    vpcid: P.id().optional(), forvpc: P.bool().optional(), version: P.str().optional(),
    fetchhealthcheckresults: P.bool().optional(), healthchecksfailed: P.bool().optional(), arch: P.str().optional(),
  }),
  handle: ({ sim, caller }, p) => {
    const f = ownerFilter(sim.db, caller, p);
    addEqs(f, p, ['id', 'name']);
    // States are matched without regard to case, through the state index (CloudStack's states are capitalised).
    if (p.state) addEq(f, 'state', p.state.charAt(0).toUpperCase() + p.state.slice(1).toLowerCase());
    addEqs(f, p, ['zoneid', 'podid', 'clusterid', 'hostid', 'networkid', 'vpcid']);
    if (p.forvpc !== undefined) f.where.push(p.forvpc ? 'vpcid IS NOT NULL' : 'vpcid IS NULL');
    addKeyword(f, ['version'], p.version);
    if (p.healthchecksfailed !== undefined) {
      f.where.push(`IFNULL(json_extract(data, '$.health.failed'), 0) = ?`);
      f.args.push(p.healthchecksfailed ? 1 : 0);
    }
    addKeyword(f, ['name', 'publicip', 'account'], p.keyword);
    const { count, rows } = queryPage<RouterRow>(sim.db, sim, 'routers', f, p, 'rowid');
    const names = new RouterNames(sim.db);
    const statuses = jobStatusOf(sim, rows);
    return {
      count,
      items: rows.map((r) => {
        const out = routerResponse(r, names, r.jobid ? statuses.get(r.jobid) : undefined);
        const health = healthChecksOf(r);
        out.healthchecksfailed = health.some((h) => !h.success);
        if (p.fetchhealthcheckresults) out.healthcheckresults = health;
        return out;
      }),
    };
  },
});

function routerAction(name: 'startRouter' | 'stopRouter' | 'rebootRouter' | 'destroyRouter', kind: string, verb: string, eventType: string) {
  return command({
    name,
    access: 'admin',
    params: z.object({ id: P.id(), forced: P.bool().optional() }),
    handle: ({ sim, caller }, p) => {
      const r = routerFor(sim, caller, p.id);
      assertNoJob(r);
      // router.version.check: no operation but the upgrade, destroy included (restartNetwork with
      // cleanup=true recreates a network's routers on the current template instead).
      assertVersionOk(sim, r);
      if (name === 'startRouter' && r.state !== 'Stopped') {
        throw new ApiError(431, `Router ${r.name} is ${r.state}; only a stopped router can be started`);
      }
      if ((name === 'stopRouter' || name === 'rebootRouter') && r.state !== 'Running') {
        throw new ApiError(431, `Router ${r.name} is ${r.state}; only a running router can be ${name === 'stopRouter' ? 'stopped' : 'rebooted'}`);
      }
      const jobid = sim.jobs.submit({ kind, caller, instanceid: r.id, payload: { forced: p.forced ?? false, prevState: r.state } });
      sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(jobid, r.id);
      recordRouterEvent(sim.db, r, { type: eventType, state: 'Scheduled', description: `${verb} router ${r.name}` });
      return { jobid, id: r.id };
    },
  });
}

export const startRouter = routerAction('startRouter', 'router.start', 'Starting', 'ROUTER.START');
export const stopRouter = routerAction('stopRouter', 'router.stop', 'Stopping', 'ROUTER.STOP');
export const rebootRouter = routerAction('rebootRouter', 'router.reboot', 'Rebooting', 'ROUTER.REBOOT');
export const destroyRouter = routerAction('destroyRouter', 'router.destroy', 'Destroying', 'ROUTER.DESTROY');

export const upgradeRouterTemplate = command({
  name: 'upgradeRouterTemplate',
  access: 'root',
  params: z.object({
    id: P.id().optional(), zoneid: P.id().optional(), podid: P.id().optional(), clusterid: P.id().optional(),
    account: P.str().optional(), domainid: P.id().optional(),
  }),
  handle: ({ sim, caller }, p) => {
    const scopes = [p.id, p.zoneid, p.podid, p.clusterid, p.account ?? p.domainid].filter((v) => v !== undefined);
    if (scopes.length > 1) {
      throw paramError('Only one of id, zoneid, podid, clusterid, account (with domainid) or domainid can be specified');
    }
    if (p.account && !p.domainid) throw paramError('Unable to execute API command upgraderoutertemplate due to missing parameter domainid: account requires domainid');
    const where: string[] = [];
    const args: unknown[] = [];
    const scope = (column: string, value: string | undefined, table: string) => {
      if (value === undefined) return;
      if (!sim.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(value)) throw notFound(table.slice(0, -1), value);
      where.push(`${column} = ?`);
      args.push(value);
    };
    scope('id', p.id, 'routers');
    scope('zoneid', p.zoneid, 'zones');
    scope('podid', p.podid, 'pods');
    scope('clusterid', p.clusterid, 'clusters');
    if (p.domainid) scope('domainid', p.domainid, 'domains');
    if (p.account) {
      const a = sim.db.prepare('SELECT id FROM accounts WHERE name = ? AND domainid = ?').get(p.account, p.domainid) as { id: string } | undefined;
      if (!a) throw paramError(`Unable to find account ${p.account} in domain ${p.domainid}`);
      where.push('accountid = ?');
      args.push(a.id);
    }
    const rows = sim.db
      .prepare(`SELECT * FROM routers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid`)
      .all(...args) as RouterRow[];
    const jobs: { jobid: string }[] = [];
    const onOlder = new ZoneRouterTemplates(sim.db);
    sim.db.transaction(() => {
      for (const r of rows) {
        // Routers already on the minimum version, busy with another job, or on their way out are skipped.
        if ((!routerRequiresUpgrade(r) && !onOlder.onOlderTemplate(r)) || r.jobid || r.state === 'Expunging') continue;
        const jobid = sim.jobs.submit({ kind: 'router.upgrade', caller, instanceid: r.id, queue: UPGRADE_QUEUE, payload: { prevState: r.state } });
        sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?').run(jobid, r.id);
        recordRouterEvent(sim.db, r, { type: 'ROUTER.UPGRADE', state: 'Scheduled', description: `Upgrade of router ${r.name} from version ${r.version} scheduled` });
        jobs.push({ jobid });
      }
    })();
    return { count: jobs.length, items: jobs };
  },
});

export const getRouterHealthCheckResults = command({
  name: 'getRouterHealthCheckResults',
  access: 'admin',
  params: z.object({ routerid: P.id(), performfreshchecks: P.bool().optional() }),
  handle: ({ sim, caller }, p) => {
    const r = routerFor(sim, caller, p.routerid);
    if (p.performfreshchecks) assertVersionOk(sim, r);
    if (!sim.settings.effectiveBool('router.health.checks.enabled')) {
      throw new ApiError(431, 'Router health checks are disabled (router.health.checks.enabled is false)');
    }
    return { routerid: r.id, healthchecks: healthChecksOf(r) };
  },
});

export const routerCommands = [listRouters, startRouter, stopRouter, rebootRouter, destroyRouter, upgradeRouterTemplate, getRouterHealthCheckResults];
