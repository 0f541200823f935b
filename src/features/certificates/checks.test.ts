import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../../server/testing/certificates';
import {
  checkChain,
  checkUpload,
  consoleProxyHost,
  domainProblems,
  KEY_COMMANDS,
  keyMatchesCertificate,
  nameMatchesHost,
  readCertificate,
  readDomainSuffix,
  readPrivateKey,
  uploadCalls,
  validityProblems,
  type ParsedCertificate,
  type Problem,
  type UploadInput,
} from './checks';
import { pkcs8Algorithm, OID } from './der';
import { readPem } from './pem';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
}, 60_000);
afterAll(() => pki?.remove());

const texts = (ps: Problem[]) => ps.map((p) => p.text).join('\n');
const errors = (ps: Problem[]) => ps.filter((p) => p.level === 'error');

async function cert(pem: string): Promise<ParsedCertificate> {
  const r = await readCertificate(pem, 'chain');
  if (!r.value) throw new Error(texts(r.problems));
  return r.value;
}

function good(): UploadInput {
  return { certificate: pki.server, privatekey: pki.serverKey, chain: [pki.intermediate, pki.root], domainsuffix: '*.consoleproxy.test' };
}

describe('PEM reading', () => {
  it('finds each block, ignoring text around them, and keeps the bytes', () => {
    const r = readPem(`Bag Attributes\n  friendlyName: x\n${pki.server}\nsubject=CN = whatever\n${pki.intermediate}`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(r.blocks[0]!.pem.replace(/\s/g, '')).toBe(pki.server.replace(/\s/g, ''));
  });

  it('says what is wrong with text that is not PEM, cut short, or damaged', () => {
    expect(readPem('hello').ok).toBe(false);
    const cut = readPem(pki.server.slice(0, 200));
    expect(!cut.ok && cut.reason).toMatch(/no matching END line/);
    const damaged = readPem(pki.server.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1!!'));
    expect(!damaged.ok && damaged.reason).toMatch(/not base64/);
    const mixed = readPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----');
    expect(!mixed.ok && mixed.reason).toMatch(/ends as "PRIVATE KEY"/);
  });

  it('reads the algorithm of PKCS#8 keys', () => {
    const rsa = readPem(pki.serverKey);
    const ec = readPem(pki.ecKey);
    expect(rsa.ok && pkcs8Algorithm(rsa.blocks[0]!.der)).toEqual({ oid: OID.rsaEncryption });
    expect(ec.ok && pkcs8Algorithm(ec.blocks[0]!.der)).toEqual({ oid: OID.ecPublicKey, parameterOid: OID.p256 });
    expect(pkcs8Algorithm(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toBeUndefined();
  });
});

describe('certificate field', () => {
  it('shows subject, SANs, issuer, validity and key', async () => {
    const r = await readCertificate(pki.server, 'server');
    expect(r.problems).toEqual([]);
    const info = r.value!.info;
    expect(info.subject).toBe('CN=*.consoleproxy.test');
    expect(info.issuer).toContain('CN=Test Intermediate CA');
    expect(info.sans).toEqual(['DNS:*.consoleproxy.test']);
    expect(info.dnsNames).toEqual(['*.consoleproxy.test']);
    expect(info.key).toBe('RSA 2048 bits');
    expect(info.selfSigned).toBe(false);
    expect(info.isCa).toBe(false);
    expect(info.notBefore.getTime()).toBeLessThan(Date.now());
    expect(info.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(info.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('takes the CN as the name when there is no SAN', async () => {
    const r = await readCertificate(pki.root, 'chain');
    expect(r.value!.info.dnsNames).toEqual(['test root ca']);
    expect(r.value!.info.selfSigned).toBe(true);
    expect(r.value!.info.isCa).toBe(true);
  });

  it('sends a private key, a CSR or garbage back with what to paste instead', async () => {
    expect(texts((await readCertificate(pki.serverKey, 'server')).problems)).toMatch(/private key, not a certificate.*Private key field/);
    expect(texts((await readCertificate('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----', 'server')).problems)).toMatch(/signing request/);
    expect(texts((await readCertificate('not a certificate at all', 'server')).problems)).toMatch(/not PEM text/);
    const broken = pki.server.replace(/^(-----BEGIN CERTIFICATE-----\n)MII/, '$1MIA');
    expect(texts((await readCertificate(broken, 'server')).problems)).toMatch(/cannot be read/);
  });

  it('asks to move extra certificates pasted with the server certificate to the chain', async () => {
    const r = await readCertificate(pki.server + pki.intermediate + pki.root, 'server');
    expect(texts(r.problems)).toMatch(/holds 3 certificates.*add the other 2 to the chain/);
    expect(r.extra).toHaveLength(2);
    expect(r.value!.info.subject).toBe('CN=*.consoleproxy.test');
  });

  it('an empty field has no problem and no value', async () => {
    expect(await readCertificate('  \n', 'server')).toEqual({ problems: [] });
  });
});

describe('validity', () => {
  it('an expired certificate says when it expired and to renew it', async () => {
    const c = await cert(pki.expired);
    const ps = validityProblems(c.info, new Date());
    expect(errors(ps)).toHaveLength(1);
    expect(ps[0]!.text).toMatch(/expired on 2021-01-01.*Renew it/);
  });

  it('a certificate that is not valid yet says from when', async () => {
    const c = await cert(pki.notYetValid);
    expect(texts(validityProblems(c.info, new Date()))).toMatch(/not valid yet: it becomes valid on 2090-01-01T00:00:00Z/);
  });

  it('warns, without refusing, when fewer than 30 days are left', async () => {
    const c = await cert(pki.server);
    const soon = new Date(c.info.notAfter.getTime() - 5 * 24 * 3600_000 - 1000);
    const ps = validityProblems(c.info, soon);
    expect(ps).toEqual([{ level: 'warning', text: expect.stringMatching(/expires in 5 days/) }]);
    expect(validityProblems(c.info, new Date())).toEqual([]);
  });
});

describe('private key field', () => {
  it('reads a PKCS#8 RSA key', async () => {
    const r = await readPrivateKey(pki.serverKey);
    expect(r.problems).toEqual([]);
    expect(r.value!.description).toBe('RSA 2048 bits');
  });

  it('reads a PKCS#8 EC key, with a warning about real CloudStack', async () => {
    const r = await readPrivateKey(pki.ecKey);
    expect(r.value!.description).toBe('EC P-256');
    expect(r.problems.map((p) => p.level)).toEqual(['warning']);
  });

  it('a PKCS#1 key gets the two openssl pkcs8 commands of the CloudStack guide', async () => {
    const r = await readPrivateKey(pki.serverKeyPkcs1);
    expect(r.value).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.text).toMatch(/PKCS#1 format \(-----BEGIN RSA PRIVATE KEY-----\).*PKCS#8/);
    expect(r.problems[0]!.commands).toEqual([
      'openssl pkcs8 -topk8 -in yourprivate.key -out yourprivate.pkcs8.encrypted.key',
      'openssl pkcs8 -in yourprivate.pkcs8.encrypted.key -out yourprivate.pkcs8.key',
    ]);
  });

  it('an encrypted PKCS#8 key gets the decrypting command of the guide', async () => {
    const r = await readPrivateKey(pki.serverKeyEncrypted);
    expect(r.value).toBeUndefined();
    expect(r.problems[0]!.text).toMatch(/encrypted.*passphrase/);
    expect(r.problems[0]!.commands).toEqual([KEY_COMMANDS.toPkcs8]);
  });

  it('a certificate or garbage in the key field says what belongs there', async () => {
    expect(texts((await readPrivateKey(pki.server)).problems)).toMatch(/certificate, not a private key/);
    expect(texts((await readPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).problems)).toMatch(/cannot be read/);
    expect(texts((await readPrivateKey(pki.serverKey + pki.otherKey)).problems)).toMatch(/2 private keys/);
  });
});

describe('key matches certificate', () => {
  it('compares the RSA modulus and exponent', async () => {
    const c = await cert(pki.server);
    expect(await keyMatchesCertificate(c, (await readPrivateKey(pki.serverKey)).value!)).toBe(true);
    expect(await keyMatchesCertificate(c, (await readPrivateKey(pki.otherKey)).value!)).toBe(false);
  });

  it('compares the EC point, and never matches across key types', async () => {
    const ec = await cert(pki.ecServer);
    const ecKey = (await readPrivateKey(pki.ecKey)).value!;
    expect(await keyMatchesCertificate(ec, ecKey)).toBe(true);
    expect(await keyMatchesCertificate(ec, (await readPrivateKey(pki.serverKey)).value!)).toBe(false);
    expect(await keyMatchesCertificate(await cert(pki.server), ecKey)).toBe(false);
  });
});

describe('domain suffix', () => {
  it('takes the suffix with or without *.', () => {
    expect(readDomainSuffix('*.ConsoleProxy.Company.com')).toEqual({ suffix: 'consoleproxy.company.com', problems: [] });
    expect(readDomainSuffix(' consoleproxy.company.com. ')).toEqual({ suffix: 'consoleproxy.company.com', problems: [] });
    expect(readDomainSuffix('')).toEqual({ problems: [] });
  });

  it('refuses URLs, single labels, inner wildcards and bad characters', () => {
    expect(texts(readDomainSuffix('https://consoleproxy.company.com').problems)).toMatch(/without https/);
    expect(texts(readDomainSuffix('localhost').problems)).toMatch(/not a domain/);
    expect(texts(readDomainSuffix('a.*.company.com').problems)).toMatch(/one wildcard/);
    expect(texts(readDomainSuffix('console_proxy.company.com').problems)).toMatch(/"console_proxy" is not a valid part/);
  });

  it('matches wildcards one label deep, as browsers do', () => {
    expect(nameMatchesHost('*.consoleproxy.test', '10-1-1-5.consoleproxy.test')).toBe(true);
    expect(nameMatchesHost('*.test', '10-1-1-5.consoleproxy.test')).toBe(false);
    expect(nameMatchesHost('*.consoleproxy.test', 'consoleproxy.test')).toBe(false);
    expect(consoleProxyHost('192.168.10.7', '*.consoleproxy.test')).toBe('192-168-10-7.consoleproxy.test');
  });

  it('the wildcard must cover the suffix; the message names the suffix that would work', async () => {
    const c = await cert(pki.server);
    expect(domainProblems(c.info, 'consoleproxy.test')).toEqual([]);
    expect(texts(domainProblems(c.info, 'other.test'))).toMatch(/is for \*\.consoleproxy\.test.*aaa-bbb-ccc-ddd\.other\.test.*Set the domain suffix to \*\.consoleproxy\.test/);
    expect(texts(domainProblems(c.info, 'sub.consoleproxy.test'))).toMatch(/does not cover/);
    const root = await cert(pki.root);
    expect(texts(domainProblems(root.info, 'consoleproxy.test'))).toMatch(/no wildcard name.*\*\.consoleproxy\.test/);
  });
});

describe('chain', () => {
  it('links server -> intermediate -> root with names and signatures', async () => {
    const r = await checkChain(await cert(pki.server), [await cert(pki.intermediate), await cert(pki.root)], new Date());
    expect(r.entries).toEqual([[], []]);
    expect(r.notes).toEqual([]);
  });

  it('finds the chain out of order and says which to move', async () => {
    const r = await checkChain(await cert(pki.server), [await cert(pki.root), await cert(pki.intermediate)], new Date());
    expect(texts(r.entries[0]!)).toMatch(/Out of order.*chain certificate 2. Move that one to position 1/);
  });

  it('a CA with the right name but another key fails on the signature', async () => {
    const other = makeTestPki();
    try {
      // The other PKI's intermediate has the same subject name but its own key.
      const r = await checkChain(await cert(pki.server), [await cert(other.intermediate)], new Date());
      expect(texts(r.entries[0]!)).toMatch(/right name .* but its key did not sign the server certificate/);
    } finally {
      other.remove();
    }
  }, 60_000);

  it('a CA that did not issue the certificate is named as such', async () => {
    const r = await checkChain(await cert(pki.server), [await cert(pki.strangerRoot)], new Date());
    expect(texts(r.entries[0]!)).toMatch(/Stranger Root CA\) did not issue the server certificate/);
  });

  it('a server certificate in the chain is not a CA', async () => {
    const r = await checkChain(await cert(pki.intermediate), [await cert(pki.server)], new Date());
    expect(texts(r.entries[0]!)).toMatch(/not a CA certificate/);
  });

  it('a chain that stops below a root, or no chain, is a warning only', async () => {
    const r = await checkChain(await cert(pki.server), [await cert(pki.intermediate)], new Date());
    expect(r.entries).toEqual([[]]);
    expect(r.notes.map((n) => n.level)).toEqual(['warning']);
    expect(texts(r.notes)).toMatch(/ends at .*Test Intermediate CA/);
    const none = await checkChain(await cert(pki.server), [], new Date());
    expect(texts(none.notes)).toMatch(/No chain is given/);
    const self = await checkChain(await cert(pki.selfSigned), [], new Date());
    expect(texts(self.notes)).toMatch(/self-signed/);
  });
});

describe('the whole upload', () => {
  it('a good upload is ready and its calls go root first, then the server certificate with its key', async () => {
    const check = await checkUpload(good());
    expect([check.certificate.problems, check.privatekey.problems, check.domainsuffix.problems, ...check.chain.map((c) => c.problems)].flat()).toEqual([]);
    expect(check.ready).toBe(true);
    const calls = uploadCalls(check, good().privatekey);
    expect(calls.map((c) => [c.id, c.name, !!c.privatekey, c.domainsuffix])).toEqual([
      [1, 'root', false, '*.consoleproxy.test'],
      [2, 'intermediate1', false, '*.consoleproxy.test'],
      [undefined, undefined, true, '*.consoleproxy.test'],
    ]);
    expect(calls[0]!.certificate).toContain('BEGIN CERTIFICATE');
    expect(calls[2]!.privatekey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('each bad input is found at its field and the upload is not ready', async () => {
    const cases: [Partial<UploadInput>, (c: Awaited<ReturnType<typeof checkUpload>>) => Problem[], RegExp][] = [
      [{ privatekey: pki.otherKey }, (c) => c.privatekey.problems, /does not belong to the certificate/],
      [{ privatekey: pki.serverKeyPkcs1 }, (c) => c.privatekey.problems, /PKCS#1/],
      [{ privatekey: pki.serverKeyEncrypted }, (c) => c.privatekey.problems, /encrypted/],
      [{ certificate: pki.expired }, (c) => c.certificate.problems, /expired on/],
      [{ certificate: pki.notYetValid }, (c) => c.certificate.problems, /not valid yet/],
      [{ certificate: pki.wrongDomain }, (c) => c.certificate.problems, /\*\.elsewhere\.test/],
      [{ domainsuffix: 'consoleproxy.example.com' }, (c) => c.certificate.problems, /does not cover/],
      [{ certificate: 'garbage' }, (c) => c.certificate.problems, /not PEM text/],
      [{ chain: [pki.root, pki.intermediate] }, (c) => c.chain[0]!.problems, /Out of order/],
    ];
    for (const [change, field, message] of cases) {
      const check = await checkUpload({ ...good(), ...change });
      expect(check.ready, String(message)).toBe(false);
      expect(texts(field(check))).toMatch(message);
      expect(() => uploadCalls(check, pki.serverKey)).toThrow(/not ready/);
    }
  });

  it('an empty field is not ready, without an error', async () => {
    const check = await checkUpload({ ...good(), privatekey: '' });
    expect(check.ready).toBe(false);
    expect(check.privatekey.problems).toEqual([]);
  });
});
