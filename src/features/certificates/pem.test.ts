import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OID, spkiAlgorithm, pkcs8Algorithm } from './der';
import { readPem, toPem } from './pem';

describe('readPem headers and line noise', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('reads the RFC 1421 headers of a traditional OpenSSL encrypted key', () => {
    const body = pkcs8.split('\n').slice(1, -2).join('\n');
    const r = readPem(`-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n${body}\n-----END RSA PRIVATE KEY-----\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.blocks[0]!.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00112233445566778899AABBCCDDEEFF' });
  });

  it('accepts CRLF line ends, indented lines and blank lines inside the body', () => {
    const lines = pkcs8.trim().split('\n');
    const messy = [lines[0], ...lines.slice(1, -1).map((l) => `  ${l}  \n`), lines.at(-1)].join('\r\n');
    const r = readPem(messy);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.blocks[0]!.pem).toBe(pkcs8);
    expect(pkcs8Algorithm(r.blocks[0]!.der)).toEqual({ oid: OID.ecPublicKey, parameterOid: OID.p384 });
  });

  it('toPem writes 64-character lines and a final newline', () => {
    const der = new Uint8Array(100).map((_, i) => i);
    const pem = toPem('CERTIFICATE', der);
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines[1]!.length).toBe(64);
    expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    const back = readPem(pem);
    expect(back.ok && Array.from(back.blocks[0]!.der)).toEqual(Array.from(der));
  });
});

describe('spkiAlgorithm', () => {
  it('names the algorithm and curve of public keys', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    expect(spkiAlgorithm(new Uint8Array(ec))).toEqual({ oid: OID.ecPublicKey, parameterOid: OID.p256 });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' });
    expect(spkiAlgorithm(new Uint8Array(rsa))).toEqual({ oid: OID.rsaEncryption });
    const ed = createPublicKey(generateKeyPairSync('ed25519').privateKey).export({ type: 'spki', format: 'der' });
    expect(spkiAlgorithm(new Uint8Array(ed))).toEqual({ oid: OID.ed25519 });
  });

  it('is undefined for bytes that are not a SubjectPublicKeyInfo, and for a private key', () => {
    expect(spkiAlgorithm(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toBeUndefined();
    expect(spkiAlgorithm(new Uint8Array([]))).toBeUndefined();
    const pk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(spkiAlgorithm(new Uint8Array(pk))).toBeUndefined();
  });
});
