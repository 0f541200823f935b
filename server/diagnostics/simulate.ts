import { createHash } from 'node:crypto';

/** One network interface of a simulated system VM. */
export interface Nic {
  device: string;
  ip: string;
  /** Prefix length of the interface's subnet. */
  prefix: number;
  mac: string;
}

export type DiagnosticsType = 'ping' | 'traceroute' | 'arping';

export interface DiagnosticsResult {
  stdout: string;
  stderr: string;
  exitcode: string;
}

export class DiagnosticsInputError extends Error {}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => (n * 256 + Number(part)) >>> 0, 0);
}

export function inSubnet(ip: string, nic: Pick<Nic, 'ip' | 'prefix'>): boolean {
  const mask = nic.prefix === 0 ? 0 : (0xffffffff << (32 - nic.prefix)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(nic.ip) & mask) >>> 0);
}

export function prefixOf(netmask: string | undefined, fallback: number): number {
  if (!netmask || !isIpv4(netmask)) return fallback;
  const n = ipToInt(netmask);
  let bits = 0;
  for (let i = 31; i >= 0 && n & (1 << i); i--) bits++;
  return bits;
}

/** A locally administered MAC address derived from a name, stable across runs. */
export function macFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest();
  return ['1e', ...[...h.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** A round-trip time in ms, from 0.2 to about 1.2, the same for the same inputs. */
function rtt(...parts: (string | number)[]): number {
  const h = createHash('sha1').update(parts.join('|')).digest();
  return 0.2 + h.readUInt16BE(0) / 65535;
}

/**
 * The extra parameters a command accepts, as CloudStack's diagnostics script checks them: options and
 * numbers only, never shell syntax. Answers the options parsed (flag -> value).
 */
export function parseParams(type: DiagnosticsType, params: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!params || !params.trim()) return out;
  if (/[;&|`$<>\\'"(){}\n]/.test(params)) {
    throw new DiagnosticsInputError(`Illegal characters in the parameters "${params}": only options and their values are allowed`);
  }
  const allowed: Record<DiagnosticsType, Record<string, boolean>> = {
    // flag -> takes a value
    ping: { '-c': true, '-s': true, '-i': true, '-W': true, '-t': true, '-q': false, '-n': false },
    traceroute: { '-m': true, '-w': true, '-q': true, '-n': false, '-I': false, '-T': false },
    arping: { '-c': true, '-w': true, '-I': true, '-f': false, '-D': false },
  };
  const words = params.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const takesValue = allowed[type][w];
    if (takesValue === undefined) throw new DiagnosticsInputError(`${type} does not accept the parameter "${w}" here; allowed: ${Object.keys(allowed[type]).join(' ')}`);
    if (takesValue) {
      const v = words[++i];
      if (v === undefined || (w !== '-I' && !/^\d+(\.\d+)?$/.test(v))) throw new DiagnosticsInputError(`The parameter ${w} of ${type} needs a number`);
      out.set(w, v);
    } else out.set(w, '');
  }
  return out;
}

function intParam(p: Map<string, string>, flag: string, def: number, min: number, max: number): number {
  const v = p.get(flag);
  if (v === undefined) return def;
  const n = Math.floor(Number(v));
  if (!(n >= min && n <= max)) throw new DiagnosticsInputError(`The parameter ${flag} must be between ${min} and ${max}`);
  return n;
}

/**
 * Runs ping, traceroute or arping on a simulated VM, deterministically: an address in a subnet of one of
 * the VM's interfaces answers; any other address does not (the command times out, exit code 1).
 */
export function runDiagnostics(vmName: string, nics: Nic[], type: DiagnosticsType, ipaddress: string, params?: string): DiagnosticsResult {
  if (!isIpv4(ipaddress)) throw new DiagnosticsInputError(`${ipaddress} is not a valid IPv4 address`);
  const p = parseParams(type, params);
  const nic = nics.find((n) => inSubnet(ipaddress, n));
  const reachable = nic !== undefined;
  const lines: string[] = [];
  if (type === 'ping') {
    const count = intParam(p, '-c', 4, 1, 20);
    const size = intParam(p, '-s', 56, 0, 65507);
    lines.push(`PING ${ipaddress} (${ipaddress}) ${size}(${size + 28}) bytes of data.`);
    const times: number[] = [];
    if (reachable) {
      for (let seq = 1; seq <= count; seq++) {
        const t = rtt(vmName, ipaddress, seq);
        times.push(t);
        if (!p.has('-q')) lines.push(`${size + 8} bytes from ${ipaddress}: icmp_seq=${seq} ttl=64 time=${t.toFixed(3)} ms`);
      }
    }
    lines.push('', `--- ${ipaddress} ping statistics ---`);
    const received = times.length;
    lines.push(`${count} packets transmitted, ${received} received, ${received ? 0 : 100}% packet loss, time ${(count - 1) * 1000 + (received ? 3 : 65)}ms`);
    if (received) {
      const min = Math.min(...times);
      const max = Math.max(...times);
      const avg = times.reduce((a, b) => a + b, 0) / received;
      const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / received);
      lines.push(`rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms`);
    }
    return { stdout: `${lines.join('\n')}\n`, stderr: '', exitcode: received ? '0' : '1' };
  }
  if (type === 'traceroute') {
    const maxHops = intParam(p, '-m', 30, 1, 64);
    const queries = intParam(p, '-q', 3, 1, 10);
    lines.push(`traceroute to ${ipaddress} (${ipaddress}), ${maxHops} hops max, 60 byte packets`);
    if (reachable) {
      const t = Array.from({ length: queries }, (_, q) => `${rtt(vmName, ipaddress, 'tr', q).toFixed(3)} ms`).join('  ');
      lines.push(` 1  ${ipaddress} (${ipaddress})  ${t}`);
      return { stdout: `${lines.join('\n')}\n`, stderr: '', exitcode: '0' };
    }
    for (let hop = 1; hop <= maxHops; hop++) lines.push(`${String(hop).padStart(2)}  ${Array(queries).fill('*').join(' ')}`);
    return { stdout: `${lines.join('\n')}\n`, stderr: '', exitcode: '1' };
  }
  const count = intParam(p, '-c', 4, 1, 20);
  const device = p.get('-I') ?? nic?.device ?? nics[0]?.device ?? 'eth0';
  const source = nics.find((n) => n.device === device) ?? nic ?? nics[0];
  lines.push(`ARPING ${ipaddress} from ${source?.ip ?? '0.0.0.0'} ${device}`);
  let received = 0;
  if (reachable && (!p.has('-I') || nic?.device === device)) {
    const mac = macFor(`${ipaddress}`).toUpperCase();
    for (let i = 0; i < count; i++) {
      lines.push(`Unicast reply from ${ipaddress} [${mac}]  ${rtt(vmName, ipaddress, 'arp', i).toFixed(3)}ms`);
      received++;
    }
  }
  lines.push(`Sent ${count} probes (${received ? 1 : count} broadcast(s))`, `Received ${received} response(s)`);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitcode: received ? '0' : '1' };
}
