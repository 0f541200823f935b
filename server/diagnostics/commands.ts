import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { command } from '../api/registry';
import type { HttpExchange, Simulator } from '../api/context';
import { ApiError, notFound, paramError } from '../api/errors';
import { recordEvent } from '../events/events';
import { systemOwner } from '../events/owner';
import type { JobKind } from '../jobs/runner';
import { bundleEntries, parseFiles } from './bundle';
import { DiagnosticsInputError, isIpv4, parseParams, runDiagnostics as simulate, type DiagnosticsType } from './simulate';
import { findDiagnosticsTarget, type DiagnosticsTarget } from './targets';
import { zip } from './zip';

/**
 * Where getDiagnosticsData's bundles are served, under the simulator's own origin. Under /client/ so that
 * the development server's proxy (vite.config.ts) forwards it as it forwards the API.
 */
export const DIAGNOSTICS_PATH = '/client/diagnosticsdata/';
/** How many bundles are kept; older ones are removed (CloudStack's SSVM garbage-collects them too). */
const KEEP_BUNDLES = 100;

function targetFor(sim: Simulator, id: string): DiagnosticsTarget {
  const t = findDiagnosticsTarget(sim, id);
  if (!t) {
    if (sim.db.prepare('SELECT 1 FROM vms WHERE id = ?').get(id)) {
      throw paramError(`Diagnostics run on system VMs only (routers, console proxies, secondary storage VMs); ${id} is a guest VM`);
    }
    throw notFound('system vm', id);
  }
  if (t.state !== 'Running') throw new ApiError(431, `Unable to run diagnostics on ${t.name}: it is ${t.state}; it must be Running`);
  return t;
}

function event(sim: Simulator, t: DiagnosticsTarget, description: string): void {
  recordEvent(sim.db, { type: 'SYSTEM.VM.DIAGNOSTICS', description, owner: t.owner ? { ...t.owner, domain: '' } : systemOwner(sim.db),
    resourceid: t.id, resourcetype: t.kind === 'router' ? 'DomainRouter' : t.kind === 'consoleproxy' ? 'ConsoleProxy' : 'SecondaryStorageVm',
    resourcename: t.name });
}

export const runDiagnostics = command({
  name: 'runDiagnostics',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    const t = targetFor(sim, p.targetid);
    if (!isIpv4(p.ipaddress)) throw paramError(`Unable to execute API command rundiagnostics due to invalid value. Invalid parameter ipaddress value=${p.ipaddress}: not a valid IPv4 address`);
    try {
      parseParams(p.type, p.params);
    } catch (err) {
      if (err instanceof DiagnosticsInputError) throw paramError(err.message);
      throw err;
    }
    const jobid = sim.jobs.submit({ kind: 'diagnostics.run', caller, instanceid: t.id, payload: { type: p.type, ipaddress: p.ipaddress, params: p.params } });
    return { jobid };
  },
});

/** The absolute URL of the simulator as the caller reached it (CloudStack answers a full URL). */
function baseUrl(http: HttpExchange): string {
  const host = http.headers.host;
  const proto = http.headers['x-forwarded-proto'];
  return host ? `${typeof proto === 'string' ? proto.split(',')[0] : 'http'}://${host}` : '';
}

export const getDiagnosticsData = command({
  name: 'getDiagnosticsData',
  access: 'root',
  handle: ({ sim, caller, http }, p) => {
    const t = targetFor(sim, p.targetid);
    let files: string[];
    try {
      files = parseFiles(p.files, t.kind);
    } catch (err) {
      throw paramError(`Unable to execute API command getdiagnosticsdata due to invalid value. Invalid parameter files: ${(err as Error).message}`);
    }
    const jobid = sim.jobs.submit({ kind: 'diagnostics.data', caller, instanceid: t.id, payload: { files, base: baseUrl(http) } });
    return { jobid };
  },
});

export function diagnosticsJobKinds(sim: Simulator): Record<string, JobKind> {
  const run: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.admin.diagnostics.RunDiagnosticsCmd',
    instancetype: 'SystemVm',
    step(job, payload, step) {
      const p = payload as { type: DiagnosticsType; ipaddress: string; params?: string };
      const t = findDiagnosticsTarget(sim, job.instanceid!);
      if (!t) return { fail: { code: 431, text: `VM ${job.instanceid} no longer exists` } };
      if (step === 0) return { next: 1500 };
      if (t.state !== 'Running') return { fail: { code: 530, text: `${t.name} stopped while the diagnostics ran` } };
      try {
        const result = simulate(t.name, t.nics, p.type, p.ipaddress, p.params);
        event(sim, t, `Ran ${p.type} ${p.ipaddress}${p.params ? ` ${p.params}` : ''} on ${t.name}: exit code ${result.exitcode}`);
        return { done: { diagnostics: result } };
      } catch (err) {
        return { fail: { code: 431, text: (err as Error).message } };
      }
    },
  };

  const data: JobKind = {
    cmd: 'org.apache.cloudstack.api.command.admin.diagnostics.GetDiagnosticsDataCmd',
    instancetype: 'SystemVm',
    step(job, payload, step) {
      const p = payload as { files: string[]; base: string };
      const t = findDiagnosticsTarget(sim, job.instanceid!);
      if (!t) return { fail: { code: 431, text: `VM ${job.instanceid} no longer exists` } };
      if (step === 0) return { next: 2000 };
      if (t.state !== 'Running') return { fail: { code: 530, text: `${t.name} stopped while its diagnostics data was collected` } };
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
      const filename = `diagnosticsfiles_${t.name}_${stamp}.zip`;
      const id = randomUUID();
      sim.db.prepare('INSERT INTO diagnostics_files (id, targetid, filename, created_ms, content) VALUES (?, ?, ?, ?, ?)')
        .run(id, t.id, filename, Date.now(), zip(bundleEntries(t, p.files)));
      sim.db.prepare(`DELETE FROM diagnostics_files WHERE id NOT IN (SELECT id FROM diagnostics_files ORDER BY created_ms DESC, rowid DESC LIMIT ${KEEP_BUNDLES})`).run();
      event(sim, t, `Collected diagnostics data of ${t.name}: ${p.files.join(', ')}`);
      return { done: { diagnostics: { url: `${p.base}${DIAGNOSTICS_PATH}${id}/${filename}` } } };
    },
  };
  return { 'diagnostics.run': run, 'diagnostics.data': data };
}

/**
 * Serves a bundle: GET /client/diagnosticsdata/<id>/<file>.zip. As with the links CloudStack's secondary storage
 * VM gives, the unguessable id is the credential; the bundle holds no secret.
 */
export function serveDiagnosticsData(sim: Simulator, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const m = /^\/client\/diagnosticsdata\/([0-9a-f-]{36})\/([A-Za-z0-9._-]+\.zip)$/.exec(pathname);
  const row = m ? (sim.db.prepare('SELECT filename, content FROM diagnostics_files WHERE id = ?').get(m[1]) as { filename: string; content: Buffer } | undefined) : undefined;
  if (!row || row.filename !== m![2] || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end('No such diagnostics bundle (it may have been removed).\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': String(row.content.length),
    'Content-Disposition': `attachment; filename="${row.filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : row.content);
}

export const diagnosticsCommands = [runDiagnostics, getDiagnosticsData];
