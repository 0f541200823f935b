/** The sections and entries of the navigation bar. */
export interface NavItem {
  to: string;
  label: string;
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  { items: [{ to: '/', label: 'Dashboard' }, { to: '/instances', label: 'My instances' }] },
  {
    title: 'Infrastructure',
    items: [
      { to: '/routers', label: 'Virtual Routers' },
      { to: '/plans', label: 'Upgrade plans' },
      { to: '/systemvms', label: 'System VMs' },
    ],
  },
  {
    title: 'Configuration',
    items: [
      { to: '/settings', label: 'Settings' },
      { to: '/templates', label: 'Templates' },
      { to: '/offerings', label: 'Offerings' },
      { to: '/certificates', label: 'Certificates' },
    ],
  },
  { items: [{ to: '/events', label: 'Events' }, { to: '/alerts', label: 'Alerts' }] },
];

/** Whether a navigation entry is the current page (or one of its sub-pages). */
export function isActive(to: string, pathname: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(`${to}/`);
}
