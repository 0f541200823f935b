/**
 * The checks an SSL certificate upload for the console proxies gets in the browser, before anything is
 * sent: every PEM parses; the key is PKCS#8, unencrypted, and belongs to the certificate; the certificate
 * is valid now and its wildcard covers the domain suffix; the chain links in order. Each problem says what
 * to do about it. WebCrypto only (globalThis.crypto.subtle), so the same code runs in Vitest.
 */
import { x509 } from './x509';
import { readPem, isPrivateKeyLabel, type PemBlock } from './pem';
import { OID, pkcs8Algorithm, spkiAlgorithm, type Pkcs8Algorithm } from './der';

import { hasErrors, type Problem } from './problems';

export { hasErrors, type Problem, type ProblemLevel } from './problems';

/**
 * The key conversions exactly as the CloudStack guide gives them ("Changing the Console Proxy SSL
 * Certificate and Domain"): first to encrypted PKCS#8, then to the unencrypted PKCS#8 CloudStack takes.
 */
export const KEY_COMMANDS = {
  toEncryptedPkcs8: 'openssl pkcs8 -topk8 -in yourprivate.key -out yourprivate.pkcs8.encrypted.key',
  toPkcs8: 'openssl pkcs8 -in yourprivate.pkcs8.encrypted.key -out yourprivate.pkcs8.key',
} as const;

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Subject alternative names as "DNS:*.example.com", "IP:10.0.0.1", ... */
  sans: string[];
  /** The DNS names the certificate is for: its DNS SANs, or its CN when it has none. */
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  /** "RSA 2048 bits", "EC P-256", ... */
  key: string;
  selfSigned: boolean;
  isCa: boolean;
  /** SHA-256 fingerprint, colon-separated hex. */
  sha256: string;
}

export interface ParsedCertificate {
  info: CertificateInfo;
  cert: x509.X509Certificate;
  /** The certificate alone, in canonical PEM. */
  pem: string;
}

export interface CertificateField {
  value?: ParsedCertificate;
  problems: Problem[];
  /** Further certificates pasted into the same field (PEM), which belong in the chain. */
  extra?: string[];
}

type KeyAlgorithm = { kind: 'RSA' } | { kind: 'EC'; curve: 'P-256' | 'P-384' | 'P-521' };

export interface ParsedKey {
  algorithm: KeyAlgorithm;
  /** The public half (JWK: n/e for RSA, x/y for EC), for comparing with a certificate. */
  publicJwk: JsonWebKey;
  /** "RSA 2048 bits", "EC P-256". */
  description: string;
  /** The key in canonical PEM, to send. */
  pem: string;
}

export interface KeyField {
  value?: ParsedKey;
  problems: Problem[];
}

const err = (text: string, commands?: string[]): Problem => (commands ? { level: 'error', text, commands } : { level: 'error', text });
const warn = (text: string): Problem => ({ level: 'warning', text });


function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function bitsOfModulus(n: string | undefined): number | undefined {
  if (!n) return undefined;
  const bytes = Math.floor((n.length * 3) / 4);
  return bytes * 8;
}

function describeKey(alg: KeyAlgorithm, jwk: JsonWebKey): string {
  if (alg.kind === 'EC') return `EC ${alg.curve}`;
  const bits = bitsOfModulus(jwk.n);
  return bits ? `RSA ${bits} bits` : 'RSA';
}

const CURVES: Record<string, 'P-256' | 'P-384' | 'P-521'> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384', [OID.p521]: 'P-521' };

function keyAlgorithmOf(a: Pkcs8Algorithm | undefined): KeyAlgorithm | string {
  if (!a) return 'unreadable';
  if (a.oid === OID.rsaEncryption) return { kind: 'RSA' };
  if (a.oid === OID.ecPublicKey) {
    const curve = a.parameterOid ? CURVES[a.parameterOid] : undefined;
    return curve ? { kind: 'EC', curve } : `an EC key on a curve this check does not know (${a.parameterOid ?? 'no curve'})`;
  }
  if (a.oid === OID.rsaPss) return 'an RSA-PSS key';
  if (a.oid === OID.ed25519) return 'an Ed25519 key';
  return `a key of algorithm ${a.oid}`;
}

function importParams(alg: KeyAlgorithm): RsaHashedImportParams | EcKeyImportParams {
  return alg.kind === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: alg.curve };
}

function toBuffer(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The public key of a certificate as a JWK, and its algorithm; undefined for a key type WebCrypto cannot take. */
async function certificatePublicJwk(cert: x509.X509Certificate): Promise<{ alg: KeyAlgorithm; jwk: JsonWebKey } | undefined> {
  const spki = cert.publicKey.rawData;
  const alg = keyAlgorithmOf(spkiAlgorithm(new Uint8Array(spki)));
  if (typeof alg === 'string') return undefined;
  try {
    const key = await crypto.subtle.importKey('spki', spki, importParams(alg), true, ['verify']);
    return { alg, jwk: await crypto.subtle.exportKey('jwk', key) };
  } catch {
    return undefined;
  }
}

function generalNames(cert: x509.X509Certificate): { sans: string[]; dns: string[] } {
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const sans: string[] = [];
  const dns: string[] = [];
  for (const n of ext?.names.items ?? []) {
    const type = n.type === 'dns' ? 'DNS' : n.type === 'ip' ? 'IP' : n.type === 'email' ? 'email' : n.type === 'url' ? 'URI' : n.type;
    sans.push(`${type}:${n.value}`);
    if (n.type === 'dns') dns.push(n.value.toLowerCase());
  }
  return { sans, dns };
}

/** Reads a parsed X.509 certificate into what the form shows. */
async function describeCertificate(cert: x509.X509Certificate): Promise<CertificateInfo> {
  const { sans, dns } = generalNames(cert);
  const cn = cert.subjectName.getField('CN');
  const pub = await certificatePublicJwk(cert);
  let selfSigned = false;
  try {
    selfSigned = await cert.isSelfSigned();
  } catch {
    selfSigned = false;
  }
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    sans,
    dnsNames: dns.length > 0 ? dns : cn.map((c) => c.toLowerCase()),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    serialNumber: cert.serialNumber,
    key: pub ? describeKey(pub.alg, pub.jwk) : 'a key type this check does not know',
    selfSigned,
    isCa: bc?.ca ?? false,
    sha256: hex(await crypto.subtle.digest('SHA-256', cert.rawData)),
  };
}

function labelsOf(blocks: PemBlock[]): string {
  return [...new Set(blocks.map((b) => b.label))].join(', ');
}

/**
 * Reads the PEM of one certificate field. `role` tells the server certificate (which may arrive with its
 * chain pasted along) from one certificate of the chain.
 */
export async function readCertificate(text: string, role: 'server' | 'chain'): Promise<CertificateField> {
  if (text.trim() === '') return { problems: [] };
  const pem = readPem(text);
  if (!pem.ok) return { problems: [err(pem.reason)] };
  const certs = pem.blocks.filter((b) => b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE');
  const keys = pem.blocks.filter((b) => isPrivateKeyLabel(b.label));
  const problems: Problem[] = [];
  if (certs.length === 0) {
    if (keys.length > 0) {
      return { problems: [err('This is a private key, not a certificate. Paste it in the Private key field, and paste the certificate (-----BEGIN CERTIFICATE-----) here.')] };
    }
    if (pem.blocks.some((b) => b.label === 'CERTIFICATE REQUEST' || b.label === 'NEW CERTIFICATE REQUEST')) {
      return { problems: [err('This is a certificate signing request (CSR), not a certificate. Send it to your certificate authority and paste the certificate it returns.')] };
    }
    return { problems: [err(`This PEM holds ${labelsOf(pem.blocks)}, not a certificate (-----BEGIN CERTIFICATE-----).`)] };
  }
  if (keys.length > 0) {
    problems.push(err('This text also holds a private key. Paste the key in the Private key field only, and remove it from here.'));
  }
  const first = certs[0]!;
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(toBuffer(first.der));
  } catch (e) {
    return { problems: [err(`The certificate cannot be read (${(e as Error).message}). Copy it again from the file your certificate authority sent, BEGIN and END lines included.`)] };
  }
  const info = await describeCertificate(cert);
  const result: CertificateField = { value: { info, cert, pem: first.pem }, problems };
  if (certs.length > 1) {
    result.extra = certs.slice(1).map((b) => b.pem);
    problems.push(
      err(
        role === 'server'
          ? `This holds ${certs.length} certificates. Keep only the server certificate (the first one, ${info.subject}) here, and add the other ${certs.length - 1} to the chain below.`
          : `This entry holds ${certs.length} certificates; give each certificate of the chain its own entry.`,
      ),
    );
  }
  return result;
}

/** Problems with the validity period at `now`: expired, not yet valid, or (a warning) expiring soon. */
export function validityProblems(info: CertificateInfo, now: Date, what = 'This certificate'): Problem[] {
  const day = 24 * 3600_000;
  if (now.getTime() > info.notAfter.getTime()) {
    return [err(`${what} expired on ${info.notAfter.toISOString().slice(0, 10)}. Renew it with your certificate authority (send a new CSR) and paste the new certificate.`)];
  }
  if (now.getTime() < info.notBefore.getTime()) {
    return [err(`${what} is not valid yet: it becomes valid on ${info.notBefore.toISOString().replace('.000Z', 'Z')}. Wait until then, or check the date of the computer that issued it and have it reissued.`)];
  }
  const left = Math.floor((info.notAfter.getTime() - now.getTime()) / day);
  if (left < 30) return [warn(`${what} expires in ${left} day${left === 1 ? '' : 's'} (${info.notAfter.toISOString().slice(0, 10)}); plan its renewal.`)];
  return [];
}

/** Reads the private key field: PKCS#8, unencrypted, RSA or EC. */
export async function readPrivateKey(text: string): Promise<KeyField> {
  if (text.trim() === '') return { problems: [] };
  const pem = readPem(text);
  if (!pem.ok) return { problems: [err(pem.reason)] };
  const keys = pem.blocks.filter((b) => isPrivateKeyLabel(b.label));
  if (keys.length === 0) {
    if (pem.blocks.some((b) => b.label === 'CERTIFICATE')) {
      return { problems: [err('This is a certificate, not a private key. Paste the certificate in its own field, and here the private key you made the CSR with (-----BEGIN PRIVATE KEY-----).')] };
    }
    return { problems: [err(`This PEM holds ${labelsOf(pem.blocks)}, not a private key (-----BEGIN PRIVATE KEY-----).`)] };
  }
  if (keys.length > 1) return { problems: [err(`This holds ${keys.length} private keys; paste only the key of the server certificate.`)] };
  const problems: Problem[] = [];
  if (pem.blocks.length > 1) problems.push(err('This text holds more than the private key; paste only the key block (-----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----).'));
  const block = keys[0]!;
  if (block.label === 'RSA PRIVATE KEY' || block.label === 'EC PRIVATE KEY') {
    const kind = block.label === 'RSA PRIVATE KEY' ? 'PKCS#1' : 'SEC1 (traditional EC)';
    const encrypted = /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
    return {
      problems: [
        err(
          `This key is in ${kind} format (-----BEGIN ${block.label}-----)${encrypted ? ' and encrypted' : ''}; CloudStack takes PKCS#8 (-----BEGIN PRIVATE KEY-----). ` +
            'Convert it as the CloudStack guide says (with your key file in place of yourprivate.key; each command asks for a passphrase), then paste the contents of yourprivate.pkcs8.key:',
          [KEY_COMMANDS.toEncryptedPkcs8, KEY_COMMANDS.toPkcs8],
        ),
      ],
    };
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    return {
      problems: [
        err(
          'This key is encrypted (-----BEGIN ENCRYPTED PRIVATE KEY-----); CloudStack takes the unencrypted PKCS#8 key. ' +
            'Decrypt it as the CloudStack guide says (with your file in place of yourprivate.pkcs8.encrypted.key; it asks for the passphrase), then paste the contents of yourprivate.pkcs8.key:',
          [KEY_COMMANDS.toPkcs8],
        ),
      ],
    };
  }
  if (block.label !== 'PRIVATE KEY') return { problems: [err(`A "${block.label}" is not a key CloudStack takes; it needs PKCS#8 (-----BEGIN PRIVATE KEY-----).`)] };
  const alg = keyAlgorithmOf(pkcs8Algorithm(block.der));
  if (alg === 'unreadable') return { problems: [err('The private key cannot be read: the block is not a PKCS#8 key. Copy it again, BEGIN and END lines included.')] };
  if (typeof alg === 'string') return { problems: [err(`This is ${alg}; the console proxy takes an RSA key (2048 bits or more).`)] };
  let jwk: JsonWebKey;
  try {
    const key = await crypto.subtle.importKey('pkcs8', toBuffer(block.der), importParams(alg), true, ['sign']);
    jwk = await crypto.subtle.exportKey('jwk', key);
  } catch (e) {
    return { problems: [err(`The private key cannot be read (${(e as Error).message || 'invalid key'}). Copy it again, BEGIN and END lines included.`)] };
  }
  const publicJwk: JsonWebKey = alg.kind === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  const description = describeKey(alg, jwk);
  if (alg.kind === 'RSA' && (bitsOfModulus(jwk.n) ?? 0) < 2048) {
    problems.push(err(`This is an ${description} key; use 2048 bits or more (openssl genrsa -des3 -out yourprivate.key 2048), with a new CSR and certificate.`));
  }
  if (alg.kind === 'EC') {
    problems.push(warn("This is an EC key. The simulator serves it, but CloudStack's own console proxies load RSA keys only; use an RSA key for a real cloud."));
  }
  return { value: { algorithm: alg, publicJwk, description, pem: block.pem }, problems };
}

/** Does the key belong to the certificate? Compares the public halves (modulus and exponent, or the EC point). */
export async function keyMatchesCertificate(cert: ParsedCertificate, key: ParsedKey): Promise<boolean> {
  const pub = await certificatePublicJwk(cert.cert);
  if (!pub || pub.alg.kind !== key.algorithm.kind) return false;
  if (pub.alg.kind === 'RSA') return pub.jwk.n === key.publicJwk.n && pub.jwk.e === key.publicJwk.e;
  return key.algorithm.kind === 'EC' && pub.alg.curve === key.algorithm.curve && pub.jwk.x === key.publicJwk.x && pub.jwk.y === key.publicJwk.y;
}

export function keyMismatchProblem(cert: ParsedCertificate, key: ParsedKey): Problem {
  return err(
    `This private key (${key.description}) does not belong to the certificate (${cert.info.key}, ${cert.info.subject}): their public keys differ. Paste the key you made the certificate signing request with.`,
  );
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** The longest host part a console proxy name adds: "255-255-255-255.". */
const HOST_PART = 16;

/**
 * Reads the domain suffix: `*.consoleproxy.company.com` or `consoleproxy.company.com` (the `*.` is
 * optional here; it is sent with it, as the CloudStack guide writes it).
 */
export function readDomainSuffix(text: string): { suffix?: string; problems: Problem[] } {
  const raw = text.trim().toLowerCase();
  if (raw === '') return { problems: [] };
  if (/^[a-z]+:\/\//.test(raw) || raw.includes('/')) {
    return { problems: [err('Give only the domain, such as *.consoleproxy.company.com, without https:// or a path.')] };
  }
  let suffix = raw.startsWith('*.') ? raw.slice(2) : raw;
  if (suffix.endsWith('.')) suffix = suffix.slice(0, -1);
  if (suffix.includes('*')) return { problems: [err('Only one wildcard is allowed, at the start: *.consoleproxy.company.com.')] };
  const labels = suffix.split('.');
  if (labels.length < 2) return { problems: [err(`"${suffix}" is not a domain: use a subdomain of yours, such as consoleproxy.company.com.`)] };
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return { problems: [err(`"${bad || '(empty)'}" is not a valid part of a domain name: use letters, digits and hyphens, separated by dots.`)] };
  }
  if (suffix.length + HOST_PART > 253) return { problems: [err('This domain is too long for the console proxy names made from it (253 characters at most).')] };
  return { suffix, problems: [] };
}

/** Does a certificate name (possibly a wildcard) match a host name, as browsers match them (RFC 6125)? */
export function nameMatchesHost(name: string, host: string): boolean {
  const n = name.toLowerCase();
  const h = host.toLowerCase();
  if (!n.startsWith('*.')) return n === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === n.slice(2);
}

/** The name a console proxy gets: its public IP with dashes, then the domain (aaa-bbb-ccc-ddd.<domain>). */
export function consoleProxyHost(publicIp: string, suffix: string): string {
  return `${publicIp.replace(/\./g, '-')}.${suffix.replace(/^\*\./, '')}`;
}

/** Does the certificate cover every console proxy name aaa-bbb-ccc-ddd.<suffix>? */
export function domainProblems(info: CertificateInfo, suffix: string): Problem[] {
  const sample = consoleProxyHost('203.0.113.10', suffix);
  if (info.dnsNames.some((n) => nameMatchesHost(n, sample))) return [];
  const wildcards = info.dnsNames.filter((n) => n.startsWith('*.'));
  const names = info.dnsNames.length > 0 ? info.dnsNames.join(', ') : 'no DNS name';
  if (wildcards.length > 0) {
    return [
      err(
        `The certificate is for ${names}, which does not cover the console proxy names ${sample.replace('203-0-113-10', 'aaa-bbb-ccc-ddd')}. ` +
          `Set the domain suffix to ${wildcards[0]}, or get a certificate for *.${suffix}.`,
      ),
    ];
  }
  return [
    err(
      `The certificate is for ${names} and has no wildcard name, but each console proxy is reached as aaa-bbb-ccc-ddd.${suffix}. ` +
        `Get a wildcard certificate for *.${suffix} (make the CSR with that name).`,
    ),
  ];
}

async function signedBy(child: ParsedCertificate, parent: ParsedCertificate): Promise<boolean> {
  try {
    return await child.cert.verify({ publicKey: parent.cert.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

export interface ChainCheck {
  /** Problems of each chain entry (same order as the chain). */
  entries: Problem[][];
  /** About the chain as a whole (where it ends). */
  notes: Problem[];
}

/**
 * Checks that the chain links in order: the server certificate was issued by chain[0], chain[0] by
 * chain[1], and so on (each issuer name is the next subject, and each signature verifies with the next
 * certificate's key). Entries that did not parse are skipped.
 */
export async function checkChain(server: ParsedCertificate | undefined, chain: readonly (ParsedCertificate | undefined)[], now: Date): Promise<ChainCheck> {
  const entries: Problem[][] = chain.map(() => []);
  const notes: Problem[] = [];
  for (let i = 0; i < chain.length; i++) {
    const parent = chain[i];
    if (!parent) continue;
    const pos = i + 1;
    entries[i]!.push(...validityProblems(parent.info, now, `Chain certificate ${pos}`));
    if (!parent.info.isCa) {
      entries[i]!.push(err(`Chain certificate ${pos} (${parent.info.subject}) is not a CA certificate, so it cannot have issued another certificate. Is it a server certificate? Remove it.`));
      continue;
    }
    const child = i === 0 ? server : chain[i - 1];
    if (!child) continue;
    const childName = i === 0 ? 'the server certificate' : `chain certificate ${i}`;
    if (child.info.selfSigned) {
      entries[i]!.push(err(`${i === 0 ? 'The server certificate' : `Chain certificate ${i}`} is self-signed, so no certificate follows it. Remove chain certificate ${pos}${i === 0 ? ' (a self-signed certificate needs no chain)' : ''}.`));
      continue;
    }
    if (child.cert.issuer !== parent.cert.subject) {
      const right = chain.findIndex((c) => c !== undefined && c.cert.subject === child.cert.issuer);
      entries[i]!.push(
        err(
          right >= 0
            ? `Out of order: ${childName} was issued by ${child.info.issuer}, which is chain certificate ${right + 1}. Move that one to position ${pos}: the chain goes from the CA that signed the server certificate up to the root.`
            : `Chain certificate ${pos} (${parent.info.subject}) did not issue ${childName}, which was issued by ${child.info.issuer}. Put that CA's certificate here.`,
        ),
      );
      continue;
    }
    if (!(await signedBy(child, parent))) {
      entries[i]!.push(
        err(`Chain certificate ${pos} has the right name (${parent.info.subject}) but its key did not sign ${childName}: it is another certificate of a CA with the same name (an old or renewed one?). Get the CA certificate that issued ${childName}.`),
      );
    }
  }
  const last = chain.length > 0 ? chain[chain.length - 1] : server;
  if (last && !last.info.selfSigned) {
    notes.push(
      warn(
        chain.length === 0
          ? `No chain is given: browsers reach ${last.info.issuer} (the issuer of the server certificate) only if they already trust it. Add its certificate, and any above it, if your CA gave you a chain.`
          : `The chain ends at ${last.info.subject}, issued by ${last.info.issuer}, which is not in the list: browsers must already trust that CA.`,
      ),
    );
  }
  if (server?.info.selfSigned && chain.length === 0) {
    notes.push(warn('The server certificate is self-signed: browsers will warn about it unless each one is told to trust it.'));
  }
  return { entries, notes };
}

export interface UploadInput {
  certificate: string;
  privatekey: string;
  /** Chain certificates from the one that signed the server certificate up to the root. */
  chain: readonly string[];
  domainsuffix: string;
}

export interface UploadCheck {
  certificate: CertificateField;
  privatekey: { description?: string; problems: Problem[] };
  chain: CertificateField[];
  chainNotes: Problem[];
  domainsuffix: { suffix?: string; problems: Problem[] };
  /** Every field is filled in and no check found an error: the upload may be sent. */
  ready: boolean;
}

/** Runs every check on the form's values; `now` is the time validity is judged at. */
export async function checkUpload(input: UploadInput, now: Date = new Date()): Promise<UploadCheck> {
  const [certificate, key, ...chain] = await Promise.all([
    readCertificate(input.certificate, 'server'),
    readPrivateKey(input.privatekey),
    ...input.chain.map((c) => readCertificate(c, 'chain')),
  ]) as [CertificateField, KeyField, ...CertificateField[]];
  const domain = readDomainSuffix(input.domainsuffix);
  const server = certificate.value;

  if (server) certificate.problems.push(...validityProblems(server.info, now, 'The server certificate'));
  if (server && domain.suffix) certificate.problems.push(...domainProblems(server.info, domain.suffix));
  if (server && server.info.isCa) certificate.problems.push(warn('This is a CA certificate, not a server certificate; is the order of the certificates mixed up?'));
  const keyProblems = [...key.problems];
  if (server && key.value && !(await keyMatchesCertificate(server, key.value))) keyProblems.push(keyMismatchProblem(server, key.value));

  const chainCheck = await checkChain(server, chain.map((c) => c.value), now);
  chain.forEach((c, i) => c.problems.push(...chainCheck.entries[i]!));

  const filled = !!server && !!key.value && !!domain.suffix && chain.every((c) => c.value);
  const errors = [certificate.problems, keyProblems, domain.problems, ...chain.map((c) => c.problems)].some(hasErrors);
  const privatekey: UploadCheck['privatekey'] = { problems: keyProblems };
  if (key.value) privatekey.description = key.value.description;
  return { certificate, privatekey, chain, chainNotes: chainCheck.notes, domainsuffix: domain, ready: filled && !errors };
}

/** One uploadCustomCertificate call. */
export interface UploadCall {
  certificate: string;
  domainsuffix: string;
  id?: number;
  name?: string;
  privatekey?: string;
}

/**
 * The calls of an upload, in CloudStack's order: the chain first, root first, each with its id (1, 2, ...)
 * and a name; then the server certificate with its key (the PKCS#8 block of `privateKeyText`, in canonical
 * form). Built from a check that is `ready`.
 */
export function uploadCalls(check: UploadCheck, privateKeyText: string): UploadCall[] {
  if (!check.ready || !check.certificate.value || !check.domainsuffix.suffix) throw new Error('The upload is not ready');
  const pem = readPem(privateKeyText);
  const keyBlock = pem.ok ? pem.blocks.find((b) => b.label === 'PRIVATE KEY') : undefined;
  if (!keyBlock) throw new Error('The upload is not ready');
  const domainsuffix = `*.${check.domainsuffix.suffix}`;
  const rootFirst = [...check.chain].reverse();
  let intermediates = 0;
  const calls: UploadCall[] = rootFirst.map((c, i) => {
    const v = c.value!;
    const name = v.info.selfSigned ? 'root' : `intermediate${++intermediates}`;
    return { certificate: v.pem, domainsuffix, id: i + 1, name };
  });
  calls.push({ certificate: check.certificate.value.pem, privatekey: keyBlock.pem, domainsuffix });
  return calls;
}
