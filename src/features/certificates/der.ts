/**
 * The key algorithm of a PKCS#8 private key (PrivateKeyInfo, RFC 5208) or of a SubjectPublicKeyInfo (RFC 5280),
 * read with the `@peculiar/asn1-*` schemas. WebCrypto needs the algorithm (and for EC the curve) before it can
 * import the key. Loaded only with the certificate checks (a dynamic import from the certificates screen).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { SubjectPublicKeyInfo, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ECParameters } from '@peculiar/asn1-ecc';

export interface Pkcs8Algorithm {
  /** The key algorithm's OID, e.g. 1.2.840.113549.1.1.1 (RSA). */
  oid: string;
  /** The parameters' OID when they are one (the curve of an EC key). */
  parameterOid?: string;
}

/** The named curve when an AlgorithmIdentifier's parameters are one OID (ECParameters' namedCurve). */
function parameterOid(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters || parameters.byteLength === 0 || new Uint8Array(parameters)[0] !== 0x06) return undefined;
  try {
    return AsnConvert.parse(parameters, ECParameters).namedCurve;
  } catch {
    return undefined;
  }
}

function algorithmOf(alg: AlgorithmIdentifier): Pkcs8Algorithm {
  const curve = parameterOid(alg.parameters);
  return curve ? { oid: alg.algorithm, parameterOid: curve } : { oid: alg.algorithm };
}

/** The algorithm of a PKCS#8 PrivateKeyInfo (DER bytes), or undefined when the bytes are not one. Never throws. */
export function pkcs8Algorithm(der: Uint8Array): Pkcs8Algorithm | undefined {
  try {
    return algorithmOf(AsnConvert.parse(der, PrivateKeyInfo).privateKeyAlgorithm);
  } catch {
    return undefined;
  }
}

/** The algorithm of a SubjectPublicKeyInfo (DER bytes), or undefined when the bytes are not one. Never throws. */
export function spkiAlgorithm(der: Uint8Array): Pkcs8Algorithm | undefined {
  try {
    return algorithmOf(AsnConvert.parse(der, SubjectPublicKeyInfo).algorithm);
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
