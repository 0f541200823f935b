import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
}

// The axe checks of every screen, in both themes, are in accessibility.spec.ts.

test('the navigation reaches every screen, and an unknown address is not found', async ({ page }) => {
  await logIn(page);
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
  await logIn(page);
  // A fresh simulator has no events yet: reboot a router so that there is one.
  const session = (await (await page.request.get('/client/session')).json()) as { session: { sessionkey: string } };
  const api = async (form: Record<string, string>) => {
    const res = await page.request.post('/client/api', {
      form: { response: 'json', sessionkey: session.session.sessionkey, ...form },
    });
    expect(res.status(), form.command).toBe(200);
    return (await res.json()) as Record<string, Record<string, unknown>>;
  };
  const listed = await api({ command: 'listRouters', listall: 'true', state: 'Running', pagesize: '500', page: '1' });
  const routers = (listed.listroutersresponse?.router ?? []) as { id: string; name: string; requiresupgrade?: boolean }[];
  const router = routers.find((r) => !r.requiresupgrade);
  expect(router, 'a running router that needs no upgrade').toBeTruthy();
  await api({ command: 'rebootRouter', id: router!.id });

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Events' }).click();
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'ROUTER.REBOOT' }).first()).toBeVisible();
  expect(await rows.count()).toBeLessThanOrEqual(50);
  await expect(rows.filter({ hasText: router!.name }).first()).toBeVisible();
});

test('the theme toggle switches between light and dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await logIn(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
});

test('the user menu shows the user and logs out', async ({ page }) => {
  await logIn(page);
  await page.getByRole('button', { name: /User menu: admin/ }).click();
  await expect(page.getByRole('menu')).toContainText('Account admin');
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('Your session has expired')).toHaveCount(0);
  const session = await page.request.get('/client/session');
  expect(session.status()).toBe(401);
});
