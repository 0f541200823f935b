import { expect, logIn, pageApi, test } from './fixtures';
import type { Page } from '@playwright/test';
import { expectBadgesShowWhole } from './badges';

/** The dashboard, with the run's admin session. */
async function openDashboard(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
}

// The axe checks of every screen, in both themes, are in accessibility.spec.ts.

test('the navigation reaches every screen, and an unknown address is not found', async ({ page }) => {
  await openDashboard(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const [link, heading] of [
    ['Virtual Routers', 'Virtual routers'],
    ['System VMs', 'System VMs'],
    ['Settings', 'Settings'],
    ['Certificates', 'Console proxy SSL certificate'],
    ['Events', 'Events'],
    ['Dashboard', 'Dashboard'],
  ] as const) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(nav.getByRole('link', { name: link, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  await page.getByRole('link', { name: 'Virtual Routers' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(0);

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the events list shows what happened, at most 50 a page', async ({ page }) => {
  await openDashboard(page);
  // A fresh simulator has no events yet: reboot a router so that there is one.
  const api = await pageApi(page);
  const listed = await api.call('listRouters', { listall: true, state: 'Running', pagesize: 500, page: 1 });
  const routers = (listed.router ?? []) as { id: string; name: string; requiresupgrade?: boolean }[];
  const router = routers.find((r) => !r.requiresupgrade);
  expect(router, 'a running router that needs no upgrade').toBeTruthy();
  await api.call('rebootRouter', { id: router!.id });

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Events' }).click();
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'ROUTER.REBOOT' }).first()).toBeVisible();
  expect(await rows.count()).toBeLessThanOrEqual(50);
  await expect(rows.filter({ hasText: router!.name }).first()).toBeVisible();
});

for (const viewport of [{ width: 1400, height: 900 }, { width: 1280, height: 800 }]) {
  test(`at ${viewport.width}x${viewport.height} the events' Level badges show INFO, WARN and ERROR whole`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openDashboard(page);
    const api = await pageApi(page);
    const listed = await api.call('listRouters', { listall: true, state: 'Running', pagesize: 500, page: 1 });
    const router = ((listed.router ?? []) as { id: string; requiresupgrade?: boolean }[]).find((r) => !r.requiresupgrade);
    expect(router, 'a running router that needs no upgrade').toBeTruthy();
    await api.call('rebootRouter', { id: router!.id });

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Events' }).click();
    const table = page.getByRole('table', { name: 'Events' });
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expectBadgesShowWhole(table.locator('.mantine-Badge-root'), ['INFO', 'WARN', 'ERROR']);
  });
}

test('the theme toggle switches between light and dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDashboard(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test.describe('logging out', () => {
  // Its own session: logging out ends it, and the run's stored one must stay.
  test.use({ user: null });

  test('the user menu shows the user and logs out', async ({ page }) => {
    await logIn(page, 'admin');
    await page.getByRole('button', { name: /User menu: admin/ }).click();
    await expect(page.getByRole('menu')).toContainText('Account admin');
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('Your session has expired')).toHaveCount(0);
    const session = await page.request.get('/client/session');
    expect(session.status()).toBe(401);
  });
});
