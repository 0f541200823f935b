/** The settings the simulator knows: CloudStack's names, scopes, types and defaults. */
export type SettingType = 'Boolean' | 'Integer' | 'String' | 'Long' | 'Float';
export type SettingScope = 'global' | 'zone';

export interface SettingDefinition {
  name: string;
  category: string;
  description: string;
  defaultvalue: string;
  type: SettingType;
  /** The most specific scope the setting may be set at; global settings have only 'global'. */
  scope: SettingScope;
  isdynamic: boolean;
  group: string;
  subgroup: string;
  /**
   * The value a fresh installation holds when it differs from the ConfigKey's default (a legacy Config row
   * stored first under the same name); `stored` falls back to it.
   */
  installvalue?: string;
  /** Extra validation beyond the type; returns the reason a value is refused. */
  check?: (value: string) => string | undefined;
}

const nonNegative = (v: string) => (Number(v) < 0 ? 'must be 0 or more' : undefined);
const positive = (v: string) => (Number(v) < 1 ? 'must be 1 or more' : undefined);

/** VirtualNetworkApplianceManager's RouterTemplate* ConfigKeys: Zone scope, dynamic (read when a router is deployed). */
const routerTemplate = (hv: string, label: string, dflt: string): SettingDefinition => ({
  name: `router.template.${hv}`,
  category: 'Advanced',
  description: `Name of the default router template on ${label}.`,
  defaultvalue: dflt,
  type: 'String',
  scope: 'zone',
  isdynamic: true,
  group: 'Network',
  subgroup: 'Virtual Router',
});

export const settingDefinitions: SettingDefinition[] = [
  routerTemplate('kvm', 'KVM', 'SystemVM Template (KVM)'),
  routerTemplate('xenserver', 'XenServer', 'SystemVM Template (XenServer)'),
  routerTemplate('vmware', 'VMware', 'SystemVM Template (vSphere)'),
  routerTemplate('hyperv', 'Hyper-V', 'SystemVM Template (HyperV)'),
  routerTemplate('lxc', 'LXC', 'SystemVM Template (LXC)'),
  routerTemplate('ovm3', 'OVM3', 'SystemVM Template (Ovm3)'),
  {
    name: 'router.version.check',
    category: 'Advanced',
    description: 'If true, router minimum required version is checked before sending command',
    defaultvalue: 'true',
    type: 'Boolean',
    scope: 'global',
    isdynamic: false,
    group: 'Network',
    subgroup: 'Virtual Router',
  },
  {
    name: 'minreq.sysvmtemplate.version',
    category: 'Advanced',
    description: 'What version should the Virtual Routers report',
    defaultvalue: '4.10.0',
    type: 'String',
    scope: 'zone',
    isdynamic: true,
    group: 'Network',
    subgroup: 'Virtual Router',
  },
  {
    name: 'router.stats.interval',
    category: 'Advanced',
    description: 'Interval (in seconds) to report router statistics; 0 turns collection off.',
    defaultvalue: '300',
    type: 'Integer',
    scope: 'global',
    isdynamic: false,
    group: 'Network',
    subgroup: 'Virtual Router',
    check: nonNegative,
  },
  // VirtualNetworkApplianceManager.RouterHealthChecksEnabled's neighbour SetServiceMonitor: the ConfigKey
  // "network.router.EnableServiceMonitoring" (default true, Zone, dynamic). The legacy Config entry
  // "network.router.enableserviceMonitoring" (default false) differs only in case; MySQL keeps one row, stored
  // first by the legacy entry (value false) and carrying the ConfigKey's metadata.
  {
    name: 'network.router.EnableServiceMonitoring',
    category: 'Advanced',
    description: 'service monitoring in router enable/disable option, default true',
    defaultvalue: 'true',
    installvalue: 'false',
    type: 'Boolean',
    scope: 'zone',
    isdynamic: true,
    group: 'Network',
    subgroup: 'Virtual Router',
  },
  {
    name: 'router.health.checks.enabled',
    category: 'Advanced',
    description: 'If true, router health checks are run and their results reported.',
    defaultvalue: 'true',
    type: 'Boolean',
    scope: 'global',
    isdynamic: true,
    group: 'Network',
    subgroup: 'Virtual Router',
  },
  {
    name: 'router.health.checks.basic.interval',
    category: 'Advanced',
    description: 'Interval in minutes at which basic router health checks are run; 0 disables them.',
    defaultvalue: '3',
    type: 'Integer',
    scope: 'global',
    isdynamic: true,
    group: 'Network',
    subgroup: 'Virtual Router',
    check: nonNegative,
  },
  {
    name: 'router.health.checks.advanced.interval',
    category: 'Advanced',
    description: 'Interval in minutes at which advanced router health checks are run; 0 disables them.',
    defaultvalue: '10',
    type: 'Integer',
    scope: 'global',
    isdynamic: true,
    group: 'Network',
    subgroup: 'Virtual Router',
    check: nonNegative,
  },
  // ConsoleProxyManager's ConfigKeys (4.20): consoleproxy.session.max is dynamic; consoleproxy.url.domain and
  // consoleproxy.sslEnabled are not (read at start-up); all three have Zone scope. consoleproxy.loadscan.interval
  // is not a setting: CloudStack 4.10 removed it (the proxy reports its load from ConsoleProxyGCThread every 5 s).
  {
    name: 'consoleproxy.session.max',
    category: 'Console Proxy',
    description: 'The max number of viewer sessions console proxy is configured to serve for',
    defaultvalue: '50',
    type: 'Integer',
    scope: 'zone',
    isdynamic: true,
    group: 'Console Proxy',
    subgroup: 'Scaling',
    check: positive,
  },
  {
    name: 'consoleproxy.url.domain',
    category: 'Console Proxy',
    description: 'Console proxy url domain - domainName,privateip',
    defaultvalue: '',
    type: 'String',
    scope: 'zone',
    isdynamic: false,
    group: 'Console Proxy',
    subgroup: 'Access',
  },
  {
    name: 'consoleproxy.sslEnabled',
    category: 'Advanced',
    description: 'Enable SSL for console proxy',
    defaultvalue: 'false',
    type: 'Boolean',
    scope: 'zone',
    isdynamic: false,
    group: 'Console Proxy',
    subgroup: 'Access',
  },
  {
    name: 'secstorage.capacity.standby',
    category: 'Advanced',
    description: 'The minimal number of command execution sessions that the system keeps available for new commands (VMware zones start another secondary storage VM below it).',
    defaultvalue: '10',
    type: 'Integer',
    scope: 'global',
    isdynamic: false,
    group: 'Storage',
    subgroup: 'Secondary Storage VM',
    check: nonNegative,
  },
  {
    name: 'secstorage.session.max',
    category: 'Advanced',
    description: 'The maximum number of command execution sessions that a secondary storage VM can handle.',
    defaultvalue: '50',
    type: 'Integer',
    scope: 'global',
    isdynamic: false,
    group: 'Storage',
    subgroup: 'Secondary Storage VM',
    check: positive,
  },
  {
    name: 'secstorage.vm.mtu.size',
    category: 'Advanced',
    description: 'MTU size (in bytes) of the storage network in secondary storage VMs.',
    defaultvalue: '1500',
    type: 'Integer',
    scope: 'global',
    isdynamic: false,
    group: 'Storage',
    subgroup: 'Secondary Storage VM',
    check: (v) => (Number(v) < 576 || Number(v) > 9000 ? 'must be between 576 and 9000' : undefined),
  },
  {
    name: 'default.page.size',
    category: 'Advanced',
    description: 'Default page size for API list* commands; also the largest pagesize accepted.',
    defaultvalue: '500',
    type: 'Long',
    scope: 'global',
    isdynamic: false,
    group: 'Miscellaneous',
    subgroup: 'Others',
    check: positive,
  },
  {
    // Config.SecStorageAllowedInternalDownloadSites: the SSVM downloads from these internal networks only.
    name: 'secstorage.allowed.internal.sites',
    category: 'Advanced',
    description: 'Comma separated list of cidrs internal to the datacenter that can host template download servers, please note 0.0.0.0 is not a valid site',
    defaultvalue: '',
    type: 'String',
    scope: 'global',
    isdynamic: true,
    group: 'Storage',
    subgroup: 'Secondary Storage VM',
    check: (v) => {
      for (const c of v.split(',').map((s) => s.trim()).filter(Boolean)) {
        const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(c);
        if (!m || m[1]!.split('.').some((o) => Number(o) > 255) || Number(m[2]) > 32) return `${c} is not a CIDR (a.b.c.d/n)`;
        if (m[1] === '0.0.0.0') return '0.0.0.0 is not a valid site';
      }
      return undefined;
    },
  },
  {
    // Config.MaxTemplateAndIsoSize
    name: 'max.template.iso.size',
    category: 'Advanced',
    description: 'The maximum size for a downloaded template or ISO (in GB).',
    defaultvalue: '50',
    type: 'Long',
    scope: 'global',
    isdynamic: true,
    group: 'Storage',
    subgroup: 'Template',
    check: positive,
  },
  {
    // Config.IncorrectLoginAttemptsAllowed
    name: 'incorrect.login.attempts.allowed',
    category: 'Advanced',
    description: 'Incorrect login attempts allowed before the user is disabled',
    defaultvalue: '5',
    type: 'Integer',
    scope: 'global',
    isdynamic: true,
    group: 'Access',
    subgroup: 'Authentication',
    check: positive,
  },
];

/**
 * The settings by name, without regard to case: MySQL compares configuration names case-insensitively, so
 * `network.router.enableservicemonitoring` names `network.router.EnableServiceMonitoring`.
 */
class CaseInsensitiveMap<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    return super.get(key.toLowerCase());
  }
  override has(key: string): boolean {
    return super.has(key.toLowerCase());
  }
  override set(key: string, value: V): this {
    return super.set(key.toLowerCase(), value);
  }
}
export const settingsByName: Map<string, SettingDefinition> = new CaseInsensitiveMap(settingDefinitions.map((d) => [d.name, d]));

/** Checks a value against a setting's type and rules; returns the reason it is refused, if it is. */
export function checkSettingValue(def: SettingDefinition, value: string): string | undefined {
  switch (def.type) {
    case 'Boolean':
      if (value !== 'true' && value !== 'false') return 'must be true or false';
      break;
    case 'Integer':
    case 'Long':
      if (!/^-?\d+$/.test(value)) return 'must be a whole number';
      if (def.type === 'Integer' && Math.abs(Number(value)) > 2147483647) return 'is out of range for an integer';
      break;
    case 'Float':
      if (!/^-?\d+(\.\d+)?$/.test(value)) return 'must be a number';
      break;
    case 'String':
      if (value.length > 4095) return 'is longer than 4095 characters';
      break;
  }
  return def.check?.(value);
}
