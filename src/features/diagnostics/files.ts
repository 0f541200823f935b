/** The files getDiagnosticsData offers per VM kind (CloudStack's defaults), for the checkboxes. */
export type DiagnosticsKind = 'router' | 'consoleproxy' | 'secondarystoragevm';

const COMMON = ['iptables', 'ipaddr', 'iprule', 'iproute', '/etc/cloudstack-release', '/var/cache/cloud/cmdline', '/var/log/cloud.log'];

export const DIAGNOSTICS_FILES: Record<DiagnosticsKind, string[]> = {
  router: [...COMMON, '/var/log/dnsmasq.log', '/etc/dnsmasq.conf', '/etc/haproxy/haproxy.cfg'],
  consoleproxy: [...COMMON, '/usr/local/cloud/systemvm/conf/agent.properties', '/usr/local/cloud/systemvm/conf/consoleproxy.properties'],
  secondarystoragevm: [...COMMON, '/usr/local/cloud/systemvm/conf/agent.properties'],
};

/** Reads extra file paths typed by the user: absolute paths, separated by commas, spaces or new lines. */
export function parseExtraFiles(text: string): { files: string[]; invalid: string[] } {
  const words = text.split(/[\s,]+/).map((w) => w.trim()).filter(Boolean);
  const files: string[] = [];
  const invalid: string[] = [];
  for (const w of words) {
    if (/^\/[A-Za-z0-9._/-]+$/.test(w) && !w.includes('..')) {
      if (!files.includes(w)) files.push(w);
    } else invalid.push(w);
  }
  return { files, invalid };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The form's own check of an address before it is sent (the server checks again). */
export function addressError(value: string): string | undefined {
  if (!value.trim()) return 'Enter the IPv4 address to test';
  return IPV4.test(value.trim()) ? undefined : `${value.trim()} is not an IPv4 address`;
}
