import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiReply, type TestServer } from '../testing/harness';
import { expectError, expectList } from '../testing/expect';

interface Router { id: string; name: string; state: string; requiresupgrade: boolean; jobid?: string }

/** A call to a (possibly new) server with a session obtained earlier, possibly from another process. */
async function callWith(t: TestServer, s: { sessionkey: string; cookie: string }, command: string, params: Record<string, string> = {}): Promise<ApiReply> {
  const body = new URLSearchParams({ command, response: 'json', sessionkey: s.sessionkey, ...params });
  const res = await fetch(`${t.url}client/api`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie },
    body: body.toString(),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body: json, data: (json[`${command.toLowerCase()}response`] ?? {}) as Record<string, unknown>, headers: res.headers };
}

describe('state survives a restart of the process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-sim-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a stopped router, registered keys, a setting and the session are still there; the demo cloud is not created again', async () => {
    const database = join(dir, 'state.db');
    const first = await startTestServer({ database, routers: 30 });
    let session: { sessionkey: string; cookie: string };
    let keys: { apikey: string; secretkey: string };
    let stopped: Router;
    let ids: string[];
    let zoneid: string;
    try {
      const admin = await first.login();
      session = { sessionkey: admin.sessionkey, cookie: admin.cookie };
      const routers = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items;
      ids = routers.map((r) => r.id);
      stopped = routers.find((r) => !r.requiresupgrade && r.state === 'Running')!;
      const stop = await admin.call('stopRouter', { id: stopped.id });
      expect((await first.waitForJob(admin, String(stop.data.jobid))).jobstatus).toBe(1);
      keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as typeof keys;
      zoneid = expectList<{ id: string }>(await admin.call('listZones'), 'zone').items[0]!.id;
      const upd = await admin.call('updateConfiguration', { name: 'router.template.kvm', value: 'KVM64bitTemplate', zoneid });
      expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    } finally {
      await first.close();
    }

    // A different router count: an existing database is not seeded again.
    const second = await startTestServer({ database, routers: 50 });
    try {
      const again = expectList<Router>(await callWith(second, session, 'listRouters', { listall: 'true' }), 'router').items;
      expect(again.map((r) => r.id)).toEqual(ids);
      expect(again.find((r) => r.id === stopped.id)!.state).toBe('Stopped');
      const signed = await second.signed(keys, 'listRouters', { listall: 'true', id: stopped.id });
      expect(expectList<Router>(signed, 'router').items[0]!.state).toBe('Stopped');
      const cfg = expectList<{ name: string; value: string }>(
        await callWith(second, session, 'listConfigurations', { name: 'router.template.kvm', zoneid }), 'configuration').items;
      expect(cfg.find((c) => c.name === 'router.template.kvm')!.value).toBe('KVM64bitTemplate');
      const events = expectList<{ type: string }>(await callWith(second, session, 'listEvents', { listall: 'true', resourceid: stopped.id }), 'event').items;
      expect(events.map((e) => e.type)).toContain('ROUTER.STOP');
      // The session can still end.
      expect((await callWith(second, session, 'logout')).status).toBe(200);
      expectError(await callWith(second, session, 'listZones'), 401);
    } finally {
      await second.close();
    }
  });

  it('a job interrupted by a restart completes afterwards; none stays pending', async () => {
    const database = join(dir, 'jobs.db');
    // Speed 1: a reboot takes seconds, so the process is closed while it runs.
    const first = await startTestServer({ database, routers: 20, speed: 1 });
    let session: { sessionkey: string; cookie: string };
    let jobid: string;
    let router: Router;
    try {
      const admin = await first.login();
      session = { sessionkey: admin.sessionkey, cookie: admin.cookie };
      router = expectList<Router>(await admin.call('listRouters', { listall: true }), 'router').items.find((r) => !r.requiresupgrade && r.state === 'Running')!;
      const res = await admin.call('rebootRouter', { id: router.id });
      jobid = String(res.data.jobid);
      const pending = await admin.call('queryAsyncJobResult', { jobid });
      expect(pending.data.jobstatus).toBe(0);
    } finally {
      await first.close();
    }

    // While the process is down: a job of a kind this build does not know (left by another version).
    const db = new Database(database);
    const orphan = '11111111-2222-4333-8444-555555555555';
    const owner = db.prepare('SELECT userid, accountid, domainpath FROM jobs WHERE id = ?').get(jobid) as { userid: string; accountid: string; domainpath: string };
    expect(db.prepare('SELECT status FROM jobs WHERE id = ?').get(jobid)).toEqual({ status: 0 });
    db.prepare(`INSERT INTO jobs (id, kind, cmd, userid, accountid, domainpath, instancetype, instanceid, queue, status, payload, step,
      started, next_at, created, created_ms) VALUES (?, 'retired.kind', 'org.example.RetiredCmd', ?, ?, ?, NULL, NULL, NULL, 0, '{}', 0, 1, 0,
      '2026-01-15T09:30:00+0000', ?)`).run(orphan, owner.userid, owner.accountid, owner.domainpath, Date.now());
    db.close();

    const second = await startTestServer({ database, routers: 20, speed: 1 });
    try {
      const until = Date.now() + 20_000;
      let job: Record<string, unknown>;
      for (;;) {
        job = (await callWith(second, session, 'queryAsyncJobResult', { jobid })).data;
        if (job.jobstatus !== 0 || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(job.jobstatus).toBe(1);
      expect((job.jobresult as { router: Router }).router.state).toBe('Running');
      const now = expectList<Router>(await callWith(second, session, 'listRouters', { listall: 'true', id: router.id }), 'router').items[0]!;
      expect(now.state).toBe('Running');
      expect(now.jobid).toBeUndefined();
      // The reboot ran once: one completion event, not two.
      const events = expectList<{ type: string; state: string }>(
        await callWith(second, session, 'listEvents', { listall: 'true', resourceid: router.id, type: 'ROUTER.REBOOT' }), 'event').items;
      expect(events.filter((e) => e.state === 'Completed')).toHaveLength(1);
      const gone = (await callWith(second, session, 'queryAsyncJobResult', { jobid: orphan })).data;
      expect(gone.jobstatus).toBe(2);
      expect(gone.jobresult).toMatchObject({ errorcode: 530, errortext: expect.stringContaining('retired.kind') });
      const jobs = expectList<{ jobstatus: number }>(await callWith(second, session, 'listAsyncJobs', { listall: 'true' }), 'asyncjobs').items;
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      expect(jobs.filter((j) => j.jobstatus === 0)).toHaveLength(0);
    } finally {
      await second.close();
    }
  });
});
