import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a careful secondary storage VM may download from: public unicast addresses, and the internal networks
 * an admin lists in `secstorage.allowed.internal.sites` (CloudStack's Config.SecStorageAllowedInternalDownloadSites,
 * which opens the SSVM's firewall to those CIDRs). Loopback, private, link-local (the metadata address
 * 169.254.169.254), multicast, unspecified, reserved and IPv4-mapped IPv6 addresses are refused.
 */
export class DownloadRefused extends Error {}

/** Parses the setting's comma-separated CIDRs; ones that do not parse are skipped. */
export function parseAllowedSites(value: string | undefined): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  const out: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const c of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const [addr, bits] = ipaddr.parseCIDR(c);
      if (addr.toString() === '0.0.0.0') continue;
      out.push([addr, bits]);
    } catch {
      // Not a CIDR: the setting's check refuses these, an old value is ignored.
    }
  }
  return out;
}

/** Why an address may not be downloaded from (the range's name), or undefined when it may. */
export function refusedRange(address: string, allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][]): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) return 'an IPv4-mapped IPv6 address';
  for (const [net, bits] of allowed) if (net.kind() === ip.kind() && ip.match(net, bits)) return undefined;
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/**
 * Resolves a host name (or reads an IP literal) and checks every address it has: one refused address
 * refuses the host (a name that resolves to a public and a private address could be steered to the private
 * one). Answers the first address, the one to connect to.
 */
export async function checkedAddress(hostname: string, allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][]): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  if (!addresses.length) throw Object.assign(new Error(`could not resolve host ${bare}`), { code: 'ENOTFOUND' });
  for (const a of addresses) {
    const why = refusedRange(a.address, allowed);
    if (why) {
      const what = why === 'not an IP address' ? 'no IP address' : why.startsWith('an ') ? why : `an address in the ${why} range`;
      throw new DownloadRefused(`the host ${bare} is not allowed: ${isIP(bare) ? 'it is' : 'it resolves to'} ${what} ` +
        '(an admin may allow internal download servers with secstorage.allowed.internal.sites)');
    }
  }
  return addresses[0]!;
}

export interface GuardedGetOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Redirects followed at most (each hop checked again). */
  maxRedirects: number;
}

/**
 * GETs `url` over http or https the way a careful SSVM does: each hop's host resolved and checked
 * (checkedAddress), the connection made to the checked address (Host and TLS server name kept), redirects
 * followed by hand up to `maxRedirects` and checked like the first hop, no content decoding (the bytes
 * counted are the bytes received). Answers the final response (any status) and the URL it came from.
 */
export async function guardedGet(url: string, opts: GuardedGetOptions): Promise<{ res: IncomingMessage; url: string }> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new DownloadRefused(`only http and https URLs can be downloaded, not ${current.protocol.replace(/:$/, '')}`);
    if (current.username || current.password) throw new DownloadRefused('URLs with a user name or password are not downloaded');
    const target = await checkedAddress(current.hostname, opts.allowed);
    opts.signal.throwIfAborted();
    const https = current.protocol === 'https:';
    const hostname = current.hostname.replace(/^\[|\]$/g, '');
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)({
        host: target.address,
        family: target.family,
        port: current.port || (https ? 443 : 80),
        path: `${current.pathname}${current.search}`,
        method: 'GET',
        headers: { ...opts.headers, Host: current.host, 'Accept-Encoding': 'identity' },
        signal: opts.signal,
        ...(https && !isIP(hostname) ? { servername: hostname } : {}),
        agent: false,
      }, resolve);
      req.on('error', reject);
      req.end();
    });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.destroy();
      if (hop >= opts.maxRedirects) throw new DownloadRefused(`more than ${opts.maxRedirects} redirects`);
      current = new URL(location, current);
      continue;
    }
    return { res, url: current.toString() };
  }
}
