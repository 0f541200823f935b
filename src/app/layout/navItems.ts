import type { CommandName } from '../../api/commands';

/**
 * The sections and entries of the navigation bar. Each entry names the CloudStack commands its screen
 * cannot work without; the navigation shows an entry only when listApis says the caller's role may call
 * them all (see visibleSections), so an end user is never offered a screen that would answer 432.
 */
export interface NavItem {
  to: string;
  label: string;
  /** The label for a normal user (login type 0), when it differs: their own objects only. */
  userLabel?: string;
  requires: readonly CommandName[];
  /**
   * The screen lists with a parameter CloudStack refuses to a normal user, which listApis cannot say:
   * templatefilter=all ("Filter all can be specified by admin only", QueryManagerImpl.searchForTemplates).
   */
  adminsOnly?: boolean;
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    items: [
      { to: '/', label: 'Dashboard', requires: ['listZones', 'listRouters', 'listSystemVms'] },
      { to: '/instances', label: 'Instances', userLabel: 'My instances', requires: ['listVirtualMachines'] },
    ],
  },
  {
    title: 'Infrastructure',
    items: [
      { to: '/routers', label: 'Virtual Routers', requires: ['listRouters'] },
      { to: '/systemvms', label: 'System VMs', requires: ['listSystemVms'] },
    ],
  },
  {
    title: 'Configuration',
    items: [
      { to: '/settings', label: 'Settings', requires: ['listConfigurations', 'updateConfiguration'] },
      { to: '/templates', label: 'Templates', requires: ['listTemplates', 'registerTemplate'], adminsOnly: true },
      { to: '/offerings', label: 'Offerings', requires: ['listServiceOfferings', 'createServiceOffering', 'listNetworkOfferings', 'createNetworkOffering'] },
      { to: '/certificates', label: 'Certificates', requires: ['uploadCustomCertificate'] },
    ],
  },
  {
    items: [
      { to: '/events', label: 'Events', requires: ['listEvents'] },
      { to: '/alerts', label: 'Alerts', requires: ['listAlerts'] },
    ],
  },
];

/** What decides the navigation: which commands the role may call (listApis) and whether it is a normal user. */
export interface Permissions {
  can(command: CommandName): boolean;
  /** True for a normal user (login answers type "0"). */
  isUser: boolean;
}

export function allowed(item: NavItem, p: Permissions): boolean {
  return item.requires.every((c) => p.can(c)) && !(item.adminsOnly && p.isUser);
}

/** The sections with only the entries the caller may use; a section left empty goes. */
export function visibleSections(sections: readonly NavSection[], p: Permissions): NavSection[] {
  return sections
    .map((s) => ({ ...s, items: s.items.filter((item) => allowed(item, p)).map((item) => (p.isUser && item.userLabel ? { ...item, label: item.userLabel } : item)) }))
    .filter((s) => s.items.length > 0);
}

/** The navigation entry a path belongs to (the longest match), undefined for a path no entry covers. */
export function itemFor(pathname: string, sections: readonly NavSection[] = NAV_SECTIONS): NavItem | undefined {
  const items = sections.flatMap((s) => s.items).filter((item) => isActive(item.to, pathname));
  return items.sort((a, b) => b.to.length - a.to.length)[0];
}

/**
 * Where "/" takes the caller: the dashboard when the role may call what it shows, else the first screen it
 * may use (an end user's own instances).
 */
export function landingPath(p: Permissions, sections: readonly NavSection[] = NAV_SECTIONS): string {
  const first = visibleSections(sections, p).flatMap((s) => s.items)[0];
  return first?.to ?? '/instances';
}

/** Whether a navigation entry is the current page (or one of its sub-pages). */
export function isActive(to: string, pathname: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(`${to}/`);
}
