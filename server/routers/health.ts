import { nowDate } from '../db/rows';
import type { RouterRow } from './rows';

export type HealthCheck = {
  checkname: string;
  checktype: 'basic' | 'advanced';
  success: boolean;
  lastupdated: string;
  details: string;
};

/**
 * A router's health check results, as the router's own checks report them. A stopped router reports
 * none; a running one reports the basic and advanced checks CloudStack's routers run. Results a
 * monitor stored on the router (data.health.checks) win over the computed ones.
 */
export function healthChecksOf(r: RouterRow): HealthCheck[] {
  if (r.state !== 'Running') return [];
  const d = JSON.parse(r.data) as { health?: { checks?: HealthCheck[] }; created?: string };
  if (d.health?.checks) return d.health.checks;
  const when = nowDate(Math.floor(Date.now() / 180000) * 180000);
  const ok = (checkname: string, checktype: 'basic' | 'advanced', details: string): HealthCheck => ({
    checkname, checktype, success: true, lastupdated: when, details,
  });
  return [
    ok('ssh.service', 'basic', 'SSH service is running'),
    ok('dns.service', 'basic', 'dnsmasq is running'),
    ok('haproxy.service', 'basic', 'haproxy is running'),
    ok('apache.service', 'basic', 'apache2 is running'),
    ok('disk_space_check.py', 'basic', 'Sufficient free space is 1724 MB'),
    ok('memory_usage_check.py', 'basic', 'Memory Usage within limits with current at 38.1%'),
    ok('router_version_check.py', 'basic', `Router version is ${r.version}`),
    ok('iptables_check.py', 'advanced', 'All firewall rules are in place'),
    ok('dhcp_check.py', 'advanced', 'All 3 DHCP entries are configured'),
  ];
}
