import type { Db } from '../db/database';
import { nowDate } from '../db/rows';
import { openSecret, sealSecret } from '../db/secrets';

/** The certificate the console proxies serve, with its key and chain. Never answered by an API. */
export interface ConsoleCertificate {
  certificate: string;
  privatekey: string;
  /** The chain from the certificate that issued the server certificate up to the root. */
  chain: string[];
  /** As uploaded and as consoleproxy.url.domain holds it: `*.consoleproxy.company.com`. */
  domainsuffix: string;
  subject: string;
  notafter: string;
  uploaded: string;
}

export interface ChainEntryRow {
  id: number;
  name: string;
  certificate: string;
  uploaded: string;
}

export interface PendingUpload {
  id: string;
  certificate: string;
  privatekey: string | null;
  domainsuffix: string;
  chainid: number | null;
  name: string | null;
}

export function activeCertificate(db: Db): ConsoleCertificate | undefined {
  const r = db.prepare('SELECT * FROM console_certificate WHERE singleton = 1').get() as (Omit<ConsoleCertificate, 'chain'> & { chain: string }) | undefined;
  if (!r) return undefined;
  return { ...r, privatekey: openSecret(db, r.privatekey), chain: JSON.parse(r.chain) as string[] };
}

export function saveActiveCertificate(db: Db, c: Omit<ConsoleCertificate, 'uploaded'>): void {
  db.prepare(
    `INSERT INTO console_certificate (singleton, certificate, privatekey, chain, domainsuffix, subject, notafter, uploaded)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET certificate = excluded.certificate, privatekey = excluded.privatekey,
       chain = excluded.chain, domainsuffix = excluded.domainsuffix, subject = excluded.subject,
       notafter = excluded.notafter, uploaded = excluded.uploaded`,
  ).run(c.certificate, sealSecret(db, c.privatekey), JSON.stringify(c.chain), c.domainsuffix, c.subject, c.notafter, nowDate());
}

/**
 * The chain certificates uploaded with an id, by id (1 = root first). They stay stored after a server
 * certificate is put in use, as KeystoreDaoImpl keeps each one (by its alias, with its index): a later upload
 * of only a new server certificate and key builds its chain from them.
 */
export function stagedChain(db: Db): ChainEntryRow[] {
  return db.prepare('SELECT * FROM certificate_chain ORDER BY id').all() as ChainEntryRow[];
}

/** Stores chain entry `id`, replacing only the entry of that id (KeystoreDaoImpl.save updates in place). */
export function stageChainEntry(db: Db, id: number, name: string, certificate: string): void {
  db.prepare('INSERT OR REPLACE INTO certificate_chain (id, name, certificate, uploaded) VALUES (?, ?, ?, ?)').run(id, name, certificate, nowDate());
}

/**
 * The private keys of uploads not yet checked, in this process's memory only: a key is written to the
 * database (sealed) only once the job has accepted it, so a rejected key is never written, not even to the
 * WAL. An upload whose job outlives a restart finds no key and fails saying so.
 */
const pendingKeys = new WeakMap<object, Map<string, string>>();

export function addPendingUpload(db: Db, u: PendingUpload): void {
  if (u.privatekey !== null) {
    const keys = pendingKeys.get(db) ?? new Map<string, string>();
    keys.set(u.id, u.privatekey);
    pendingKeys.set(db, keys);
  }
  db.prepare('INSERT INTO certificate_uploads (id, certificate, privatekey, domainsuffix, chainid, name, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(u.id, u.certificate, null, u.domainsuffix, u.chainid, u.name, Date.now());
}

export function takePendingUpload(db: Db, id: string): PendingUpload | undefined {
  const r = db.prepare('SELECT id, certificate, privatekey, domainsuffix, chainid, name FROM certificate_uploads WHERE id = ?').get(id) as PendingUpload | undefined;
  db.prepare('DELETE FROM certificate_uploads WHERE id = ?').run(id);
  const keys = pendingKeys.get(db);
  const key = keys?.get(id);
  keys?.delete(id);
  return r ? { ...r, privatekey: key ?? (r.privatekey ? openSecret(db, r.privatekey) : null) } : undefined;
}

export function dropPendingUpload(db: Db, id: string): void {
  pendingKeys.get(db)?.delete(id);
  db.prepare('DELETE FROM certificate_uploads WHERE id = ?').run(id);
}
