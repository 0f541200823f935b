/**
 * Just enough DER to read the algorithm of a PKCS#8 private key (PrivateKeyInfo):
 *   SEQUENCE { INTEGER version, SEQUENCE { OID algorithm, parameters }, OCTET STRING key, ... }
 * WebCrypto needs the algorithm (and for EC the curve) before it can import the key.
 */

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new Error('truncated');
  const tag = der[at]!;
  let len = der[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new Error('truncated');
  return { tag, start: p, end: p + len };
}

function oidText(der: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    const b = der[i]!;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export interface Pkcs8Algorithm {
  /** The key algorithm's OID, e.g. 1.2.840.113549.1.1.1 (RSA). */
  oid: string;
  /** The parameters' OID when they are one (the curve of an EC key). */
  parameterOid?: string;
}

/** An AlgorithmIdentifier's content: SEQUENCE { OID, optional parameters (an OID for EC curves) }. */
function algorithmIdentifier(der: Uint8Array, alg: ReturnType<typeof readTlv>): Pkcs8Algorithm | undefined {
  const oid = readTlv(der, alg.start, alg.end);
  if (oid.tag !== 0x06) return undefined;
  const result: Pkcs8Algorithm = { oid: oidText(der, oid) };
  if (oid.end < alg.end) {
    const param = readTlv(der, oid.end, alg.end);
    if (param.tag === 0x06) result.parameterOid = oidText(der, param);
  }
  return result;
}

/** The algorithm of a PKCS#8 PrivateKeyInfo, or undefined when the bytes are not one. */
export function pkcs8Algorithm(der: Uint8Array): Pkcs8Algorithm | undefined {
  try {
    const outer = readTlv(der, 0, der.length);
    if (outer.tag !== 0x30) return undefined;
    const version = readTlv(der, outer.start, outer.end);
    if (version.tag !== 0x02) return undefined;
    const alg = readTlv(der, version.end, outer.end);
    if (alg.tag !== 0x30) return undefined;
    const result = algorithmIdentifier(der, alg);
    if (!result) return undefined;
    const key = readTlv(der, alg.end, outer.end);
    if (key.tag !== 0x04) return undefined;
    return result;
  } catch {
    return undefined;
  }
}

/** The algorithm of a SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID, parameters }, BIT STRING }. */
export function spkiAlgorithm(der: Uint8Array): Pkcs8Algorithm | undefined {
  try {
    const outer = readTlv(der, 0, der.length);
    if (outer.tag !== 0x30) return undefined;
    const alg = readTlv(der, outer.start, outer.end);
    if (alg.tag !== 0x30) return undefined;
    return algorithmIdentifier(der, alg);
  } catch {
    return undefined;
  }
}

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  ed25519: '1.3.101.112',
} as const;
