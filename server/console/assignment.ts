/**
 * Which console proxy serves a VM's console, after ConsoleProxyManagerImpl.doAssignProxy: a VM that had a
 * session before goes back to the same proxy when it is running and below consoleproxy.session.max;
 * otherwise the first running proxy of the VM's zone below the limit. (CloudStack also sends a VM back over
 * the limit when it still has a session there; here the limit holds, as the proxy itself enforces it.)
 */
export interface ProxyLoad {
  id: string;
  zoneid: string;
  running: boolean;
  /** Active sessions, plus tokens issued and not yet used. */
  sessions: number;
}

export type Assignment = { ok: true; proxyid: string; sticky: boolean } | { ok: false; reason: string };

export function assignProxy(input: { zoneid: string; previous?: string | null; proxies: readonly ProxyLoad[]; max: number }): Assignment {
  const { zoneid, previous, proxies, max } = input;
  if (previous) {
    const p = proxies.find((x) => x.id === previous);
    if (p?.running && p.sessions < max) return { ok: true, proxyid: p.id, sticky: true };
  }
  const inZone = proxies.filter((p) => p.zoneid === zoneid && p.running);
  if (inZone.length === 0) return { ok: false, reason: 'No console proxy is running in the zone of this VM' };
  const free = inZone.find((p) => p.sessions < max);
  if (!free) {
    return { ok: false, reason: `Every console proxy in the zone of this VM is at its limit of ${max} sessions (consoleproxy.session.max); try again later` };
  }
  return { ok: true, proxyid: free.id, sticky: false };
}
