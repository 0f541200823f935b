/**
 * Why a console proxy cannot be reached, as the serving process sees it: the proxy host of a
 * createConsoleEndpoint answer is resolved, a TCP connection opened to its port and, for wss, a TLS
 * handshake made and checked against the system trust store. The first step that fails is the cause, with
 * Node's error code. Only ever called for the address of a console token the caller was just given
 * (server/console/diagnosisHttp.ts), never for an address a caller names.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP, Socket } from 'node:net';
import * as tls from 'node:tls';
import type { ConsoleDiagnosis, ConsoleDiagnosisCause } from '../../src/api/consoleDiagnosis';

/** Resolves a host name to its addresses (dns.lookup, as Node's own connections resolve). Tests map names here. */
export type Lookup = (host: string) => Promise<string[]>;

export const systemLookup: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** How long each step may take (ms). */
export const DIAGNOSIS_STEP_TIMEOUT_MS = 5000;

/** Debian's bundle of the system's trusted CA certificates (ca-certificates). */
const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The CA certificates a proxy's certificate is checked against: the system trust store (Node 22.15+:
 * tls.getCACertificates('system'); before, Debian's bundle file) and Node's default set (its bundled Mozilla
 * store and NODE_EXTRA_CA_CERTS).
 */
export function systemTrustStore(): string[] {
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof get === 'function') return [...get('default'), ...get('system')];
  const cas = [...tls.rootCertificates];
  try {
    cas.push(readFileSync(DEBIAN_BUNDLE, 'utf8'));
  } catch {
    // no system bundle here: Node's own set only
  }
  return cas;
}

const CONNECT_CAUSES: Record<string, ConsoleDiagnosisCause> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'refused',
  ETIMEDOUT: 'no-answer',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
};

/** OpenSSL's verification codes and Node's name check: the certificate is not trusted for this host. */
const CERT_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_|ERR_TLS_CERT_ALTNAME_INVALID|INVALID_CA|HOSTNAME_MISMATCH)/;

function errCode(err: unknown, fallback: string): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : fallback;
}

function connect(address: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer from ${address}:${port} in ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
    socket.connect(port, address, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

function handshake(socket: Socket, host: string, ca: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket, ca, rejectUnauthorized: true, ...(isIP(host) ? {} : { servername: host }), host });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(Object.assign(new Error(`no TLS answer in ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      const subject = secure.getPeerCertificate().subject?.CN;
      secure.destroy();
      resolve(subject ? `certificate for ${String(subject)}` : 'certificate trusted');
    });
    secure.once('error', (err) => {
      clearTimeout(timer);
      secure.destroy();
      reject(err);
    });
  });
}

/**
 * Diagnoses the connection to a console proxy at `host`:`port` (wss when `secure`). Answers the steps run
 * and the first failure's cause and Node error code, or cause `reached` when every step passed.
 * Never throws.
 */
export async function diagnoseProxy(
  target: { host: string; port: number; secure: boolean },
  opts: { lookup?: Lookup; ca?: string[]; timeoutMs?: number } = {},
): Promise<ConsoleDiagnosis> {
  const timeoutMs = opts.timeoutMs ?? DIAGNOSIS_STEP_TIMEOUT_MS;
  const base = { host: target.host, port: target.port, secure: target.secure };
  const steps: ConsoleDiagnosis['steps'] = [];
  const fail = (cause: ConsoleDiagnosisCause, code: string): ConsoleDiagnosis => ({ ...base, steps, cause, code });

  const bare = target.host.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(bare);
      if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
      steps.push({ step: 'resolve', ok: true, detail: addresses.join(', ') });
    } catch (err) {
      const code = errCode(err, 'ENOTFOUND');
      steps.push({ step: 'resolve', ok: false, code, detail: `${bare} does not resolve` });
      return fail('name-not-resolved', code);
    }
  }

  // Each address in turn, as a client falls back; the last failure is the answer.
  let socket: Socket | undefined;
  let lastErr: unknown;
  let tried = '';
  for (const address of addresses) {
    tried = address;
    try {
      socket = await connect(address, target.port, timeoutMs);
      break;
    } catch (err) {
      lastErr = err;
    }
  }
  if (!socket) {
    const code = errCode(lastErr, 'ECONNREFUSED');
    steps.push({ step: 'connect', ok: false, code, detail: `${tried}:${target.port}` });
    return fail(CONNECT_CAUSES[code] ?? 'unreachable', code);
  }
  steps.push({ step: 'connect', ok: true, detail: `${tried}:${target.port}` });
  if (!target.secure) {
    socket.destroy();
    return { ...base, steps, cause: 'reached' };
  }
  try {
    const detail = await handshake(socket, bare, opts.ca ?? systemTrustStore(), timeoutMs);
    steps.push({ step: 'tls', ok: true, detail });
    return { ...base, steps, cause: 'reached' };
  } catch (err) {
    const code = errCode(err, 'ERR_SSL');
    steps.push({ step: 'tls', ok: false, code, detail: (err as Error).message });
    return fail(CERT_CODES.test(code) ? 'certificate-not-trusted' : 'tls-failed', code);
  } finally {
    socket.destroy();
  }
}
