import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { makeTestPki, type TestPki } from '../testing/certificates';
import { consolesOf } from '../console/service';
import { openDatabase } from './database';

/** Every byte of the database's files (main file, WAL), as latin1 text to search in. */
function bytesOf(file: string): string {
  return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

/** Issue 14, secrets at rest: mode 0600, secrets sealed with a key kept apart, a rejected key never written. */
describe('secrets at rest (issue 14)', () => {
  let dir: string;
  let file: string;
  let t: TestServer;
  let pki: TestPki;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    file = join(dir, 'sim.db');
    pki = makeTestPki('secrets.test');
    t = await startTestServer({ database: file, routers: 5 });
    await consolesOf(t.server.running.sim).ready();
  }, 60_000);
  afterAll(async () => {
    await t.close();
    pki.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, its WAL and its key file readable by their owner only', () => {
    for (const f of [file, `${file}-wal`, `${file}.key`]) {
      expect(existsSync(f), f).toBe(true);
      expect(statSync(f).mode & 0o777, f).toBe(0o600);
    }
  });

  it('keeps no API secret key, session key, JSESSIONID or VNC password in clear in the files', async () => {
    const admin = await t.login();
    const keys = (await admin.call('registerUserKeys', { id: admin.userid })).data.userkeys as { secretkey: string };
    // The keys still work (the sealed secret opens) and getUserKeys answers it.
    expect((await t.signed(keys as { apikey: string; secretkey: string }, 'listZones')).status).toBe(200);
    expect(((await admin.call('getUserKeys', { id: admin.userid })).data.userkeys as { secretkey: string }).secretkey).toBe(keys.secretkey);
    const vm = t.server.running.sim.db.prepare('SELECT id FROM vms LIMIT 1').get() as { id: string };
    t.server.running.sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vm.id);
    const { password } = await consolesOf(t.server.running.sim).guests.target(vm.id, 'vm');
    const text = bytesOf(file);
    expect(text).not.toContain(keys.secretkey);
    expect(text).not.toContain(admin.sessionkey);
    expect(text).not.toContain(admin.cookie.replace('JSESSIONID=', ''));
    expect(text).not.toContain(password);
  });

  it('writes a rejected private key nowhere, and an accepted one only sealed', async () => {
    const admin = await t.login();
    const upload = async (params: Record<string, string | number>) => {
      const r = await admin.call('uploadCustomCertificate', { domainsuffix: '*.secrets.test', ...params });
      return t.waitForJob(admin, String(r.data.jobid), 30_000);
    };
    // The server certificate with a key that is not its own: refused.
    expect((await upload({ certificate: pki.server, privatekey: pki.otherKey })).jobstatus).toBe(2);
    const body = (k: string) => k.split('\n').filter((l) => l && !l.startsWith('-----')).slice(1, 3).join('');
    expect(bytesOf(file)).not.toContain(body(pki.otherKey));
    expect((await upload({ id: 1, name: 'root', certificate: pki.root })).jobstatus).toBe(1);
    expect((await upload({ id: 2, name: 'intermediate1', certificate: pki.intermediate })).jobstatus).toBe(1);
    const ok = await upload({ certificate: pki.server, privatekey: pki.serverKey });
    expect(ok.jobstatus, JSON.stringify(ok)).toBe(1);
    expect(bytesOf(file)).not.toMatch(/PRIVATE KEY/);
  });
});

describe('a damaged database (issue 14)', () => {
  it('refuses to start with a message naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrupt-'));
    try {
      const file = join(dir, 'broken.db');
      writeFileSync(file, Buffer.alloc(8192, 0x5a));
      expect(() => openDatabase(file)).toThrow(/The database .*broken\.db is damaged or is not a SQLite database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a real database whose pages were damaged (its header intact), instead of answering 530 later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrupt-pages-'));
    try {
      const file = join(dir, 'sim.db');
      const made = await startTestServer({ database: file, routers: 5 });
      await made.close();
      // The events table's root page: nothing reads it until someone lists events (then the old code answered 530).
      const raw = new Database(file, { readonly: true });
      const root = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events'").get() as { rootpage: number }).rootpage;
      raw.close();
      const bytes = readFileSync(file);
      const page = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
      expect(root).toBeGreaterThan(1);
      bytes.fill(0x5a, (root - 1) * page, root * page);
      writeFileSync(file, bytes);
      expect(() => openDatabase(file)).toThrow(/The database .*sim\.db is damaged or is not a SQLite database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a key file that holds no key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'badkey-'));
    try {
      const file = join(dir, 'sim.db');
      writeFileSync(`${file}.key`, 'not a key');
      expect(() => openDatabase(file)).toThrow(/is not 32 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
