/**
 * The settings screen's pure logic: how a setting's value is edited and checked for its type, which
 * settings name a router template, and the screen's state in the URL.
 */
import type { Configuration } from '../../api/schemas';

export type EditorKind = 'boolean' | 'integer' | 'decimal' | 'text';

/**
 * The editor a setting gets, from CloudStack's type name: 4.18+ answers Boolean, Number (Integer, Long, Short),
 * Decimal (Float, Double), String or a kind (CSV, Select, ...) (ConfigurationManagerImpl.
 * parseConfigurationTypeIntoString); older servers the Java type name.
 */
export function editorKind(type: string | undefined): EditorKind {
  switch ((type ?? '').toLowerCase()) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'integer':
    case 'long':
    case 'short':
      return 'integer';
    case 'decimal':
    case 'float':
    case 'double':
      return 'decimal';
    default:
      return 'text';
  }
}

const INT_MAX = 2147483647;

/** Why a value is refused for the setting's type before it is sent, or undefined when it may be sent. */
export function checkValue(type: string | undefined, value: string): string | undefined {
  const kind = editorKind(type);
  if (kind === 'boolean') return value === 'true' || value === 'false' ? undefined : 'must be true or false';
  if (kind === 'integer') {
    if (!/^-?\d+$/.test(value.trim())) return 'must be a whole number';
    if ((type ?? '').toLowerCase() === 'integer' && Math.abs(Number(value)) > INT_MAX) return 'is out of range for an integer';
    return undefined;
  }
  if (kind === 'decimal') return /^-?\d+(\.\d+)?$/.test(value.trim()) ? undefined : 'must be a number';
  return value.length > 4095 ? 'is longer than 4095 characters' : undefined;
}

/** router.template.kvm -> KVM, as CloudStack's hypervisor names go; undefined for other settings. */
export function routerTemplateHypervisor(name: string): string | undefined {
  const m = /^router\.template\.([a-z0-9]+)$/.exec(name);
  if (!m) return undefined;
  const map: Record<string, string> = {
    kvm: 'KVM', xenserver: 'XenServer', xen: 'XenServer', vmware: 'VMware', hyperv: 'Hyperv', lxc: 'LXC', ovm3: 'Ovm3',
  };
  return map[m[1]!] ?? m[1]!.toUpperCase();
}

/** Filters settings by the search text: every word must appear in the name or the description. */
export function matchesSearch(c: Pick<Configuration, 'name' | 'description'>, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${c.name} ${c.description ?? ''}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The search the zone settings page opens on: the router.template.* settings of "Changing the Default System VM Template" (CloudStack's Administration Guide, adminguide/systemvm.rst). */
export const ZONE_DEFAULT_SEARCH = 'router.template';

/** The search text from the URL: `q` when present (even empty), else the page's default. */
export function searchFromParams(params: URLSearchParams, scope: 'global' | 'zone'): string {
  const q = params.get('q');
  if (q !== null) return q;
  return scope === 'zone' ? ZONE_DEFAULT_SEARCH : '';
}

/** True when a change of the setting takes effect only after a management-server restart (`isdynamic` false). */
export function needsRestart(c: Pick<Configuration, 'isdynamic'>): boolean {
  return c.isdynamic === false;
}
