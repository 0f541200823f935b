import { expect, it } from 'vitest';
import { NAV_SECTIONS, isActive } from './navItems';

it('marks the current page and its sub-pages', () => {
  expect(isActive('/', '/')).toBe(true);
  expect(isActive('/', '/routers')).toBe(false);
  expect(isActive('/routers', '/routers')).toBe(true);
  expect(isActive('/routers', '/routers/abc')).toBe(true);
  expect(isActive('/routers', '/routersx')).toBe(false);
});

it('lists the sections of the console', () => {
  expect(NAV_SECTIONS.map((s) => s.title ?? s.items[0]?.label)).toEqual([
    'Dashboard',
    'Infrastructure',
    'Configuration',
    'Events',
  ]);
});
