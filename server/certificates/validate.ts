import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
// @peculiar/x509 loads tsyringe, which needs Reflect metadata: the app's small stand-in provides it.
import '../../src/lib/reflectMetadata';
import { PemConverter } from '@peculiar/x509';
import { ApiError } from '../api/errors';

/**
 * The management server's own checks of an uploadCustomCertificate call, with node:crypto: whatever the
 * browser checked, a client may have skipped. Each failure is a 431 whose text says what is wrong and
 * what to do.
 */

const bad = (text: string) => new ApiError(431, text);

/** The PEM blocks of a text (@peculiar/x509's PemConverter): each label and its DER bytes. */
function blocks(pem: string): { label: string; der: Buffer }[] {
  try {
    return PemConverter.decodeWithHeaders(pem).map((b) => ({ label: b.type, der: Buffer.from(b.rawData) }));
  } catch {
    return [];
  }
}

/** The one certificate of a PEM text. */
export function parseCertificate(pem: string, what: string): X509Certificate {
  const certs = blocks(pem).filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) {
    throw bad(`${what} is not a certificate in PEM format (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)`);
  }
  if (certs.length > 1) throw bad(`${what} holds ${certs.length} certificates; upload each certificate of the chain in its own call, with its id`);
  try {
    return new X509Certificate(certs[0]!.der);
  } catch (err) {
    throw bad(`${what} cannot be parsed as an X.509 certificate (${(err as Error).message})`);
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Refuses a certificate outside its validity period at `now`. */
export function checkDates(cert: X509Certificate, now: Date, what: string): void {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now.getTime() > to.getTime()) throw bad(`${what} expired on ${day(to)}; renew it with your certificate authority and upload the new one`);
  if (now.getTime() < from.getTime()) throw bad(`${what} is not valid until ${from.toISOString()}; upload it once it is valid`);
}

/**
 * The private key: PKCS#8 PEM, unencrypted, RSA or EC. PKCS#1 and encrypted keys are refused with the
 * conversion the CloudStack guide gives.
 */
export function parsePrivateKey(pem: string): KeyObject {
  const bs = blocks(pem).filter((b) => /PRIVATE KEY$/.test(b.label));
  if (bs.length === 0) throw bad('privatekey is not a private key in PEM format (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)');
  if (bs.length > 1) throw bad('privatekey holds more than one private key');
  const label = bs[0]!.label;
  if (label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY') {
    throw bad(
      `privatekey is in ${label === 'RSA PRIVATE KEY' ? 'PKCS#1' : 'SEC1'} format (-----BEGIN ${label}-----); it must be PKCS#8. Convert it: ` +
        'openssl pkcs8 -topk8 -in yourprivate.key -out yourprivate.pkcs8.encrypted.key, then ' +
        'openssl pkcs8 -in yourprivate.pkcs8.encrypted.key -out yourprivate.pkcs8.key',
    );
  }
  if (label === 'ENCRYPTED PRIVATE KEY') {
    throw bad('privatekey is encrypted; upload the unencrypted PKCS#8 key: openssl pkcs8 -in yourprivate.pkcs8.encrypted.key -out yourprivate.pkcs8.key');
  }
  if (label !== 'PRIVATE KEY') throw bad(`privatekey is a "${label}"; it must be a PKCS#8 key (-----BEGIN PRIVATE KEY-----)`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: bs[0]!.der, format: 'der', type: 'pkcs8' });
  } catch {
    // The library's message is not echoed: it could quote part of the key.
    throw bad('privatekey cannot be parsed as a PKCS#8 private key');
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw bad(`privatekey is an ${key.asymmetricKeyType ?? 'unknown'} key; the console proxy takes RSA (or EC) keys`);
  }
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw bad(`privatekey is an RSA key of ${key.asymmetricKeyDetails?.modulusLength} bits; use 2048 bits or more`);
  }
  return key;
}

/** The domain suffix without its `*.`, or a 431. */
export function normalizeDomainSuffix(text: string): string {
  let s = text.trim().toLowerCase();
  if (s.startsWith('*.')) s = s.slice(2);
  if (s.endsWith('.')) s = s.slice(0, -1);
  const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  const labels = s.split('.');
  if (labels.length < 2 || !labels.every((l) => label.test(l)) || s.length > 237) {
    throw bad(`domainsuffix "${text.slice(0, 80)}" is not a domain such as *.consoleproxy.company.com`);
  }
  return s;
}

/** The name a console proxy gets under a domain: its public IP with dashes. */
export function proxyHostName(publicIp: string, suffix: string): string {
  return `${publicIp.replace(/\./g, '-')}.${suffix.replace(/^\*\./, '')}`;
}

/** Does the certificate cover aaa-bbb-ccc-ddd.<suffix> (a wildcard for the suffix)? */
export function checkDomain(cert: X509Certificate, suffix: string): void {
  const sample = proxyHostName('203.0.113.10', suffix);
  if (cert.checkHost(sample) === undefined) {
    const names = (cert.subjectAltName ?? cert.subject).replace(/\n/g, ', ');
    throw bad(`The certificate (${names}) does not cover the console proxy names aaa-bbb-ccc-ddd.${suffix}; it needs the wildcard name *.${suffix}`);
  }
}

/** Checks the key belongs to the certificate. */
export function checkKeyMatch(cert: X509Certificate, key: KeyObject): void {
  if (!cert.checkPrivateKey(key)) {
    throw bad('The private key does not match the certificate: upload the key the certificate signing request was made with');
  }
}

/** A chain certificate must be a CA certificate valid now. */
export function checkChainCertificate(cert: X509Certificate, now: Date, what: string): void {
  checkDates(cert, now, what);
  if (!cert.ca) throw bad(`${what} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate; only the root and intermediate certificates are uploaded with an id`);
}

/**
 * Checks the chain from the server certificate up: `chain[0]` issued the server certificate, `chain[1]`
 * issued `chain[0]`, and so on (names and signatures). `names` label the chain entries in messages.
 */
export function checkChain(server: X509Certificate, chain: readonly X509Certificate[], names: readonly string[], now: Date): void {
  let child = server;
  let childName = 'the server certificate';
  chain.forEach((parent, i) => {
    const what = names[i] ?? `chain certificate ${i + 1}`;
    checkChainCertificate(parent, now, `The ${what}`);
    if (!child.checkIssued(parent)) {
      throw bad(
        `The chain does not link: ${childName} was issued by ${child.issuer.replace(/\n/g, ', ')}, but the next certificate of the chain, the ${what}, is ${parent.subject.replace(/\n/g, ', ')}. Upload the chain again, root with id 1 first`,
      );
    }
    if (!child.verify(parent.publicKey)) {
      throw bad(`The signature of ${childName} does not verify with the key of the ${what}: it is another CA certificate with the same name`);
    }
    child = parent;
    childName = `the ${what}`;
  });
}
