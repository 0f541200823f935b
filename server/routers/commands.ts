import { command } from '../api/registry';
import type { Request } from '../../src/api/requests';
import { addEq, addEqs, addKeyword, queryPage } from '../api/listing';
import { checkAccess, ownerFilter } from '../api/access';
import { ApiError, notFound, paramError } from '../api/errors';
import type { Caller, Simulator } from '../api/context';
import { recordRouterEvent } from '../events/subjects';
import { checkRouterVersion, getRouter, RouterNames, routerResponse, type RouterRow } from './rows';
import { healthChecksOf } from './health';
import { systemUserId } from './system';

export const UPGRADE_QUEUE = 'router.upgrade';

function routerFor(sim: Simulator, caller: Caller, id: string): RouterRow {
  const r = getRouter(sim.db, id);
  if (!r) throw notFound('router', id);
  checkAccess(caller, r, `router ${r.name}`);
  return r;
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
    handle: ({ sim, caller }, p) => {
      const r = routerFor(sim, caller, p.id);
      assertNoJob(r);
      // router.version.check does not apply here: starting, stopping, rebooting and destroying a router send
      // it no command (NetworkHelperImpl.sendCommandsToRouter is not on their path), so CloudStack allows them
      // on an outdated router. A reboot of a router that is not Running fails inside its job, as
      // VirtualNetworkApplianceManagerImpl.rebootRouter does.
      if (name === 'startRouter' && r.state !== 'Stopped') {
        throw new ApiError(431, `Router ${r.name} is ${r.state}; only a stopped router can be started`);
      }
      if (name === 'stopRouter' && r.state !== 'Running') {
        throw new ApiError(431, `Router ${r.name} is ${r.state}; only a running router can be stopped`);
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

/** The selectors of upgradeRouterTemplate, in the order UpgradeRouterTemplateCmd declares them. */
/**
 * The routers upgradeRouterTemplate selects, as VirtualNetworkApplianceManagerImpl.upgradeRouterTemplate
 * does: `id` takes that router whatever its state (an unknown id selects nothing); domainid (with account,
 * that account's) and cluster, pod and zone take their Running routers only; no selector selects nothing.
 * More than one selector: InvalidParameterValueException (431) "Multiple parameters not supported...".
 */
export function selectRoutersToUpgrade(sim: Simulator, p: Request<'upgradeRouterTemplate'>): RouterRow[] {
  let routers: RouterRow[] = [];
  let params = 0;
  const running = (column: string, value: string) =>
    sim.db.prepare(`SELECT * FROM routers WHERE ${column} = ? AND state = 'Running' ORDER BY rowid`).all(value) as RouterRow[];
  if (p.id !== undefined) {
    params++;
    const r = getRouter(sim.db, p.id);
    if (r) routers.push(r);
  }
  if (p.domainid !== undefined) {
    if (p.account !== undefined) {
      const a = sim.db.prepare('SELECT id, rowid AS n FROM accounts WHERE name = ? AND domainid = ?').get(p.account, p.domainid) as { id: string } | undefined;
      const d = sim.db.prepare('SELECT rowid AS n FROM domains WHERE id = ?').get(p.domainid) as { n: number } | undefined;
      if (!a) throw paramError(`Account :${p.account} does not exist in domain: ${d?.n ?? p.domainid}`);
      routers = running('accountid', a.id);
    } else {
      routers = running('domainid', p.domainid);
    }
    params++;
  }
  if (p.clusterid !== undefined) {
    params++;
    routers = running('clusterid', p.clusterid);
  }
  if (p.podid !== undefined) {
    params++;
    routers = running('podid', p.podid);
  }
  if (p.zoneid !== undefined) {
    params++;
    routers = running('zoneid', p.zoneid);
  }
  if (params > 1) {
    throw paramError('Multiple parameters not supported. Specify only one among routerId/zoneId/podId/clusterId/accountId/domainId');
  }
  return routers;
}

/**
 * upgradeRouterTemplate (synchronous). For every selected router that fails checkRouterVersion (below its
 * zone's minreq.sysvmtemplate.version while router.version.check is on), one RebootRouterCmd job is queued
 * as VirtualNetworkApplianceManagerImpl.rebootRouters does: `userid` the system user, `accountid` the
 * router's owner, instance the router. The answer lists exactly the jobs created (list key asyncjobs).
 * The reboot rebuilds the router from the template the management-server upgrade pointed it at.
 */
export const upgradeRouterTemplate = command({
  name: 'upgradeRouterTemplate',
  access: 'root',
  handle: ({ sim }, p) => {
    const jobs: { jobid: string }[] = [];
    sim.db.transaction(() => {
      const routers = selectRoutersToUpgrade(sim, p);
      const system = systemUserId(sim.db);
      const showJob = sim.db.prepare('UPDATE routers SET jobid = ? WHERE id = ?');
      for (const r of routers) {
        if (checkRouterVersion(sim.settings, r)) continue;
        const jobid = sim.jobs.submit({
          kind: 'router.reboot',
          caller: { userid: system, accountid: r.accountid, domainpath: r.domainpath },
          instanceid: r.id,
          queue: UPGRADE_QUEUE,
          payload: { forced: false, upgrade: true },
        });
        // Like CloudStack's router view, the router shows the pending job (jobid, jobstatus 0) at once.
        showJob.run(jobid, r.id);
        recordRouterEvent(sim.db, r, { type: 'ROUTER.REBOOT', state: 'Scheduled', description: `Rebooting router ${r.name} to upgrade it from version ${r.version}` });
        jobs.push({ jobid });
      }
    })();
    return { count: jobs.length, items: jobs };
  },
});

export const getRouterHealthCheckResults = command({
  name: 'getRouterHealthCheckResults',
  access: 'admin',
  handle: ({ sim, caller }, p) => {
    const r = routerFor(sim, caller, p.routerid);
    if (!sim.settings.effectiveBool('router.health.checks.enabled')) {
      throw new ApiError(431, 'Router health checks are disabled (router.health.checks.enabled is false)');
    }
    return { routerid: r.id, healthchecks: healthChecksOf(r) };
  },
});

export const routerCommands = [listRouters, startRouter, stopRouter, rebootRouter, destroyRouter, upgradeRouterTemplate, getRouterHealthCheckResults];
