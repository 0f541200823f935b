import { expect, it } from 'vitest';
import type { CommandName } from '../../api/commands';
import { NAV_SECTIONS, isActive, itemFor, landingPath, visibleSections, type Permissions } from './navItems';

it('marks the current page and its sub-pages', () => {
  expect(isActive('/', '/')).toBe(true);
  expect(isActive('/', '/routers')).toBe(false);
  expect(isActive('/routers', '/routers')).toBe(true);
  expect(isActive('/routers', '/routers/abc')).toBe(true);
  expect(isActive('/routers', '/routersx')).toBe(false);
});

const role = (names: CommandName[], isUser = false): Permissions => ({ can: (c) => names.includes(c), isUser });
const labels = (p: Permissions) => visibleSections(NAV_SECTIONS, p).flatMap((s) => s.items.map((i) => i.label));

const USER: CommandName[] = ['listZones', 'listVirtualMachines', 'listTemplates', 'registerTemplate', 'listEvents', 'listServiceOfferings', 'createConsoleEndpoint'];
const DOMAIN_ADMIN: CommandName[] = [...USER, 'listRouters', 'createServiceOffering'];
const ROOT: CommandName[] = [...DOMAIN_ADMIN, 'listSystemVms', 'listConfigurations', 'updateConfiguration', 'listNetworkOfferings',
  'createNetworkOffering', 'uploadCustomCertificate', 'listAlerts', 'listHosts'];

it('offers each role only the screens whose commands listApis names', () => {
  expect(labels(role(ROOT))).toEqual(['Dashboard', 'Instances', 'Virtual Routers', 'System VMs', 'Settings', 'Templates', 'Offerings',
    'Certificates', 'Events', 'Alerts']);
  expect(labels(role(DOMAIN_ADMIN))).toEqual(['Instances', 'Virtual Routers', 'Templates', 'Events']);
  // templatefilter=all is refused to a normal user even though it may call listTemplates.
  expect(labels(role(USER, true))).toEqual(['My instances', 'Events']);
});

it('lands on the dashboard when the role may call what it shows, else on the first screen it may use', () => {
  expect(landingPath(role(ROOT))).toBe('/');
  expect(landingPath(role(DOMAIN_ADMIN))).toBe('/instances');
  expect(landingPath(role(USER, true))).toBe('/instances');
});

it('finds the entry of a screen and its sub-pages', () => {
  expect(itemFor('/settings/zone/z1')?.to).toBe('/settings');
  expect(itemFor('/')?.to).toBe('/');
  expect(itemFor('/no/such/page')).toBeUndefined();
});
