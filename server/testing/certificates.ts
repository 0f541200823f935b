import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small public key infrastructure made with the `openssl` command line, for tests: a root CA, an
 * intermediate CA, a wildcard server certificate and its key in the forms an admin might paste, and the
 * bad cases (expired, not yet valid, another domain, another key). Everything is made fresh in a temporary
 * folder, so no test depends on a certificate checked into the repository (which would expire).
 */
export interface TestPki {
  dir: string;
  domain: string;
  root: string;
  rootKey: string;
  intermediate: string;
  /** The wildcard certificate *.<domain>, signed by the intermediate. */
  server: string;
  /** Its key, PKCS#8 (BEGIN PRIVATE KEY). */
  serverKey: string;
  /** The same key as PKCS#1 (BEGIN RSA PRIVATE KEY). */
  serverKeyPkcs1: string;
  /** The same key, PKCS#8 encrypted with the passphrase "secret" (BEGIN ENCRYPTED PRIVATE KEY). */
  serverKeyEncrypted: string;
  /** A key that belongs to no certificate here. */
  otherKey: string;
  /** *.<domain> with the server key, valid 2020-01-01 to 2021-01-01. */
  expired: string;
  /** *.<domain> with the server key, valid from 2090. */
  notYetValid: string;
  /** *.elsewhere.test with the server key, signed by the intermediate. */
  wrongDomain: string;
  /** *.<domain> for an EC P-256 key, signed by the intermediate, and that key (PKCS#8). */
  ecServer: string;
  ecKey: string;
  /** A self-signed *.<domain> certificate with the server key. */
  selfSigned: string;
  /** Another root CA that signed nothing here. */
  strangerRoot: string;
  /** Removes the folder. */
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

/** Makes the test PKI in a new temporary folder (about a second: a few RSA keys). */
export function makeTestPki(domain = 'consoleproxy.test'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'cs-pki-'));
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const run = (...args: string[]) => openssl(args, dir);

  mkdirSync(join(dir, 'newcerts'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = CA_default',
      '[ CA_default ]',
      `dir = ${dir}`,
      `database = ${join(dir, 'index.txt')}`,
      `new_certs_dir = ${join(dir, 'newcerts')}`,
      `serial = ${join(dir, 'serial')}`,
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'email_in_dn = no',
      '[ policy_any ]',
      'commonName = supplied',
      'organizationName = optional',
      '[ v3_ca ]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '[ server ]',
      'basicConstraints = CA:false',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = DNS:*.${domain}`,
      '[ elsewhere ]',
      'basicConstraints = CA:false',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:*.elsewhere.test',
      '',
    ].join('\n'),
  );

  const now = Date.now();
  const from = stamp(new Date(now - 24 * 3600_000));
  const until = stamp(new Date(now + 365 * 24 * 3600_000));
  /** Signs a CSR with a CA using `openssl ca`, which takes any start and end date. */
  const sign = (csr: string, caCert: string, caKey: string, out: string, ext: string, start = from, end = until) =>
    run('ca', '-batch', '-config', 'ca.cnf', '-notext', '-cert', caCert, '-keyfile', caKey, '-in', csr, '-out', out,
      '-extensions', ext, '-startdate', start, '-enddate', end);

  // Root and intermediate CAs.
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'root.key');
  run('req', '-new', '-x509', '-key', 'root.key', '-subj', '/O=Test PKI/CN=Test Root CA', '-days', '3650',
    '-config', 'ca.cnf', '-extensions', 'v3_ca', '-out', 'root.pem');
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'inter.key');
  run('req', '-new', '-key', 'inter.key', '-subj', '/O=Test PKI/CN=Test Intermediate CA', '-out', 'inter.csr');
  sign('inter.csr', 'root.pem', 'root.key', 'inter.pem', 'v3_ca');

  // The server key (PKCS#8 from genpkey) and its other forms.
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'server.key');
  run('rsa', '-in', 'server.key', '-traditional', '-out', 'server.rsa.key');
  run('pkcs8', '-topk8', '-in', 'server.key', '-passout', 'pass:secret', '-v2', 'aes-256-cbc', '-out', 'server.enc.key');
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key');
  run('req', '-new', '-key', 'server.key', '-subj', `/CN=*.${domain}`, '-out', 'server.csr');
  sign('server.csr', 'inter.pem', 'inter.key', 'server.pem', 'server');
  sign('server.csr', 'inter.pem', 'inter.key', 'expired.pem', 'server', '20200101000000Z', '20210101000000Z');
  sign('server.csr', 'inter.pem', 'inter.key', 'future.pem', 'server', '20900101000000Z', '20910101000000Z');
  run('req', '-new', '-key', 'server.key', '-subj', '/CN=*.elsewhere.test', '-out', 'elsewhere.csr');
  sign('elsewhere.csr', 'inter.pem', 'inter.key', 'elsewhere.pem', 'elsewhere');
  run('req', '-new', '-x509', '-key', 'server.key', '-subj', `/CN=*.${domain}`, '-days', '30',
    '-addext', `subjectAltName=DNS:*.${domain}`, '-out', 'self.pem');

  // An EC certificate.
  run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.key');
  run('req', '-new', '-key', 'ec.key', '-subj', `/CN=*.${domain}`, '-out', 'ec.csr');
  sign('ec.csr', 'inter.pem', 'inter.key', 'ec.pem', 'server');

  // A root that signed nothing here.
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'stranger.key');
  run('req', '-new', '-x509', '-key', 'stranger.key', '-subj', '/CN=Stranger Root CA', '-days', '30',
    '-config', 'ca.cnf', '-extensions', 'v3_ca', '-out', 'stranger.pem');

  return {
    dir,
    domain,
    root: read('root.pem'),
    rootKey: read('root.key'),
    intermediate: read('inter.pem'),
    server: read('server.pem'),
    serverKey: read('server.key'),
    serverKeyPkcs1: read('server.rsa.key'),
    serverKeyEncrypted: read('server.enc.key'),
    otherKey: read('other.key'),
    expired: read('expired.pem'),
    notYetValid: read('future.pem'),
    wrongDomain: read('elsewhere.pem'),
    ecServer: read('ec.pem'),
    ecKey: read('ec.key'),
    selfSigned: read('self.pem'),
    strangerRoot: read('stranger.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
