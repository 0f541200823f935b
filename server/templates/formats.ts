/**
 * What registerTemplate checks before the secondary storage VM is asked to download anything: the
 * hypervisor, the disk format it takes, the URL (scheme and file name) and the checksum's form.
 * Pure functions; each answers the reason a value is refused, or the normalised value.
 */

import { extensionsFor, HYPERVISOR_FORMATS } from '../../src/lib/templateFormats';

/** The canonical spelling of a hypervisor name given in any case, or undefined. */
export function canonicalHypervisor(name: string): string | undefined {
  return Object.keys(HYPERVISOR_FORMATS).find((h) => h.toLowerCase() === name.toLowerCase());
}

export function checkFormat(hypervisor: string, format: string): string | undefined {
  const formats = HYPERVISOR_FORMATS[hypervisor] ?? [];
  if (!formats.includes(format.toUpperCase())) {
    return `Format ${format} is not supported by hypervisor ${hypervisor}; use ${formats.join(' or ')}`;
  }
  return undefined;
}

/** Checks a template URL: http or https, a host, and a file name that ends as the format's files do. */
export function checkTemplateUrl(url: string, format: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${url} is not a valid URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `Unsupported scheme for url: ${url} (use http or https)`;
  if (!u.hostname) return `${url} names no host`;
  const path = decodeURIComponent(u.pathname).toLowerCase();
  const allowed = extensionsFor(format);
  if (!allowed.some((e) => path.endsWith(e))) {
    return `${url} is not a ${format.toUpperCase()} file: its name should end in ${allowed.join(', ')}`;
  }
  return undefined;
}

export interface Checksum {
  /** node:crypto's name of the algorithm. */
  algorithm: 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
  hex: string;
}

const ALGORITHMS: Record<string, Checksum['algorithm']> = {
  MD5: 'md5', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-256': 'sha256', SHA256: 'sha256', 'SHA-384': 'sha384', SHA384: 'sha384',
  'SHA-512': 'sha512', SHA512: 'sha512',
};
const HEX_LENGTH: Record<Checksum['algorithm'], number> = { md5: 32, sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

/**
 * CloudStack's checksum parameter: `{SHA-256}<hex>` (also MD5, SHA-1, SHA-384, SHA-512), or bare hex,
 * which is MD5. Answers the parsed checksum or the reason it is refused.
 */
export function parseChecksum(value: string): Checksum | string {
  const m = /^\{([A-Za-z0-9-]+)\}([0-9a-fA-F]+)$/.exec(value.trim());
  const [algoName, hex] = m ? [m[1]!.toUpperCase(), m[2]!] : ['MD5', value.trim()];
  const algorithm = ALGORITHMS[algoName];
  if (!algorithm) return `unknown checksum algorithm ${algoName}; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512`;
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_LENGTH[algorithm]) {
    return `is not a ${algoName} checksum (${HEX_LENGTH[algorithm]} hexadecimal digits${m ? '' : ', or {ALGORITHM}hex'})`;
  }
  return { algorithm, hex: hex.toLowerCase() };
}

/**
 * The system VM version a routing template carries, read from the file name of its URL when it names
 * one (systemvmtemplate-4.20.1-x86_64-kvm.qcow2.bz2); otherwise the management server's own.
 */
export function systemVmVersionOf(url: string, fallback: string): string {
  let name = url;
  try {
    name = new URL(url).pathname.split('/').pop() ?? url;
  } catch {
    // keep the whole string
  }
  const m = /(?:^|[^\d.])(\d+\.\d+\.\d+)(?:[^\d.]|\.[a-z]|$)/i.exec(name);
  return m ? m[1]! : fallback;
}

/** "N% Downloaded", as CloudStack shows a download in progress. */
export function downloadingStatus(percent: number): string {
  return `${Math.max(0, Math.min(100, Math.floor(percent)))}% Downloaded`;
}
export const DOWNLOAD_COMPLETE = 'Download Complete';

/**
 * True when a URL's host is a loopback, link-local, private or unspecified address (or localhost).
 * Only the root admin may have the secondary storage VM fetch from such hosts (the tests' local server).
 */
export function isInternalHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::' || host.startsWith('fe80:') || /^f[cd]/.test(host)) return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || a === 0 || (a === 169 && b === 254) || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}
