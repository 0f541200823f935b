import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { backgroundOf } from '../server/monitoring/background';
import { settingsByName } from '../server/settings/catalogue';
import { listNetworks, listRouters, zoneOfHypervisor } from './api';
import { apiAs, logIn as logInAs } from './fixtures';

/**
 * A router service the monitor cannot restart raises an alert: shown by the header badge, on the alerts
 * page (linking to the router) and as an ERROR event. This test runs its own simulator (port 0) so that
 * it can crash the service through the monitor's hook, as an operator's fault would.
 */
let server: StartedServer;
let routerName: string;

test.beforeAll(async () => {
  server = await startServer({ port: 0, options: { database: ':memory:', routers: 30, speed: 20 } });
  const sim = server.running.sim;
  const admin = await apiAs(server.url.replace(/\/$/, ''), 'admin');
  const zone = await zoneOfHypervisor(admin, 'KVM');
  sim.settings.set(settingsByName.get('network.router.enableservicemonitoring')!, 'true', zone.id);
  const isolated = new Set((await listNetworks(admin, { zoneid: zone.id, type: 'Isolated' })).map((n) => n.id));
  const router = (await listRouters(admin, { zoneid: zone.id, state: 'Running' })).find((r) => !r.vpcid && isolated.has(r.guestnetworkid ?? ''))!;
  await admin.dispose();
  routerName = router.name;
  const bg = backgroundOf(sim)!;
  bg.manual();
  bg.monitor.crash(router.id, 'haproxy', { restartable: false });
  bg.monitor.tick();
});

test.afterAll(async () => {
  await server?.close();
});

const logIn = (page: Page, path: string) => logInAs(page, 'admin', { base: server.url.replace(/\/$/, ''), path });

test('an alert for a service the monitor could not restart: badge, alerts page, link, ERROR event', async ({ page }) => {
  await logIn(page, '/');
  const badge = page.getByTestId('alerts-badge');
  await expect(badge).toHaveAccessibleName(/1 new alert/);
  await badge.click();

  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  const row = page.getByTestId('alert-row').filter({ hasText: routerName });
  await expect(row).toContainText('Domain router');
  await expect(row).toContainText('haproxy');
  await expect(row).toContainText('could not restart it');
  // Once seen, the badge says so.
  await expect(badge).toHaveAccessibleName(/No new alerts/, { timeout: 60_000 });
  await row.getByRole('link', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`/routers\\?q=${routerName}$`));

  await page.goto(new URL('/events?level=ERROR', server.url).toString());
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events).toContainText('ROUTER.SERVICE.DOWN');
  await expect(events.getByRole('link', { name: routerName })).toBeVisible();
  await page.getByText('Info', { exact: true }).click();
  await expect(page).toHaveURL(/level=INFO/);
  await expect(page.getByText(/No event matches these filters|events?, page/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'ROUTER.SERVICE.DOWN' })).toHaveCount(0);
});

test('alerts filtered by object kind and by the day sent, the filters kept in the URL', async ({ page }) => {
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  await logIn(page, '/alerts');
  const row = page.getByTestId('alert-row').filter({ hasText: routerName });
  await expect(row).toBeVisible();

  await page.getByRole('combobox', { name: 'Object' }).click();
  await page.getByRole('option', { name: 'System VM' }).click();
  await expect(page).toHaveURL(/object=systemvm/);
  await expect(row).toHaveCount(0);

  await page.goto(new URL(`/alerts?object=router&from=${day(-2)}&to=${day(2)}`, server.url).toString());
  await expect(row).toBeVisible();
  await expect(page.getByText(/ match(es)? the object and date filters/)).toBeVisible();

  await page.getByLabel('Sent from').fill(day(2));
  await expect(page).toHaveURL(new RegExp(`from=${day(2)}`));
  await expect(row).toHaveCount(0);
  await expect(page.getByText('No alert matches.')).toBeVisible();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(row).toBeVisible();
});
