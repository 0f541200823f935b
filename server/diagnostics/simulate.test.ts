import { describe, expect, it } from 'vitest';
import { DiagnosticsInputError, inSubnet, parseParams, prefixOf, runDiagnostics, type Nic } from './simulate';

const nics: Nic[] = [
  { device: 'eth0', ip: '10.1.7.1', prefix: 24, mac: '1e:00:00:00:00:01' },
  { device: 'eth1', ip: '169.254.3.9', prefix: 16, mac: '1e:00:00:00:00:02' },
  { device: 'eth2', ip: '203.0.1.9', prefix: 24, mac: '1e:00:00:00:00:03' },
];

describe('simulated diagnostics', () => {
  it('knows subnets and netmasks', () => {
    expect(inSubnet('10.1.7.200', nics[0]!)).toBe(true);
    expect(inSubnet('10.1.8.1', nics[0]!)).toBe(false);
    expect(inSubnet('169.254.200.1', nics[1]!)).toBe(true);
    expect(prefixOf('255.255.0.0', 24)).toBe(16);
    expect(prefixOf('255.255.255.128', 24)).toBe(25);
    expect(prefixOf(undefined, 24)).toBe(24);
  });

  it('pings an address of its networks: replies, statistics, exit code 0, the same every time', () => {
    const r = runDiagnostics('r-7-VM', nics, 'ping', '10.1.7.25', '-c 3');
    expect(r.exitcode).toBe('0');
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/icmp_seq=\d/g)).toHaveLength(3);
    expect(r.stdout).toContain('3 packets transmitted, 3 received, 0% packet loss');
    expect(r.stdout).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/);
    expect(runDiagnostics('r-7-VM', nics, 'ping', '10.1.7.25', '-c 3')).toEqual(r);
  });

  it('times out elsewhere with exit code 1', () => {
    const r = runDiagnostics('r-7-VM', nics, 'ping', '192.0.2.50');
    expect(r.exitcode).toBe('1');
    expect(r.stdout).toContain('4 packets transmitted, 0 received, 100% packet loss');
    const tr = runDiagnostics('r-7-VM', nics, 'traceroute', '192.0.2.50', '-m 5');
    expect(tr.exitcode).toBe('1');
    expect(tr.stdout.trim().split('\n')).toHaveLength(6);
    expect(tr.stdout).toContain(' 5  * * *');
    const arp = runDiagnostics('r-7-VM', nics, 'arping', '192.0.2.50');
    expect(arp.exitcode).toBe('1');
    expect(arp.stdout).toContain('Received 0 response(s)');
  });

  it('traceroutes and arpings a neighbour', () => {
    const tr = runDiagnostics('s-2-VM', nics, 'traceroute', '203.0.1.1');
    expect(tr.exitcode).toBe('0');
    expect(tr.stdout).toMatch(/ 1 {2}203\.0\.1\.1 \(203\.0\.1\.1\)/);
    const arp = runDiagnostics('s-2-VM', nics, 'arping', '169.254.0.1', '-c 2');
    expect(arp.exitcode).toBe('0');
    expect(arp.stdout).toContain('ARPING 169.254.0.1 from 169.254.3.9 eth1');
    expect(arp.stdout.match(/Unicast reply/g)).toHaveLength(2);
  });

  it('refuses shell syntax, unknown options and bad addresses', () => {
    expect(() => parseParams('ping', '-c 3; rm -rf /')).toThrow(DiagnosticsInputError);
    expect(() => parseParams('ping', '-f')).toThrow(/does not accept/);
    expect(() => parseParams('ping', '-c many')).toThrow(/needs a number/);
    expect(() => runDiagnostics('x', nics, 'ping', '10.1.7.300')).toThrow(/not a valid IPv4/);
    expect(() => runDiagnostics('x', nics, 'ping', '10.1.7.3', '-c 500')).toThrow(/between 1 and 20/);
  });
});
