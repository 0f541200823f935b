import type { Page } from '@playwright/test';
import { expect, logIn, test } from './fixtures';

/** Each screen's code is a chunk of its own, fetched on the first visit to the screen (src/app/router.tsx). */

/** The JavaScript files the page asked for so far (their names under /assets/). */
function scriptsOf(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.resourceType() === 'script' && path.startsWith('/assets/')) names.push(path.slice('/assets/'.length));
  });
  return names;
}


const SCREEN_CHUNKS = /^(RoutersPage|SystemVmsPage|SettingsPage|TemplatesPage|CertificatesPage|EventsPage|AlertsPage|OfferingsPage|InstancesPage|ConsoleWindowPage|rfb|checks)-/;

test.describe('from the login page', () => {
  // The login page is part of what is measured: no stored session.
  test.use({ user: null });

  test("the login page and the dashboard load no other screen's code; a screen's chunk comes on its first visit", async ({ page }) => {
    const scripts = scriptsOf(page);
    await logIn(page, 'admin');
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => SCREEN_CHUNKS.test(s))).toEqual([]);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Virtual Routers', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
    expect(scripts.filter((s) => SCREEN_CHUNKS.test(s)).map((s) => s.replace(/-.*$/, ''))).toEqual(['RoutersPage']);

    // A deep link: the frame, then the screen.
    await page.goto('/systemvms');
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
    expect(scripts.some((s) => s.startsWith('SystemVmsPage-'))).toBe(true);
  });
});

test('when a screen\'s code does not arrive, the page says so and Reload brings the screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await page.route(/\/assets\/EventsPage-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Events', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This screen did not load' });
  await expect(alert).toContainText('the network failed');
  // The frame stays, so the user can go elsewhere.
  await expect(nav).toBeVisible();

  await page.unroute(/\/assets\/EventsPage-[^/]+\.js$/);
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
});
