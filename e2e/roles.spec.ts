/**
 * Issue 16, roles: the navigation and the landing page are built from what the caller's role may call
 * (listApis), and every role has its instances with their consoles. As alice (a user), eng-admin (the
 * Engineering domain's admin) and admin (root), at a laptop's 1366x768.
 */
import { expect, test } from '@playwright/test';
import { logInAs, navLinks } from './users';

test.use({ viewport: { width: 1366, height: 768 } });

test('alice lands on her own instances, is offered only what her role may call, and opens a console', async ({ page }) => {
  await logInAs(page, 'alice');
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByRole('heading', { name: 'My instances', level: 1 })).toBeVisible();
  expect(await navLinks(page)).toEqual(['My instances', 'Events']);
  const rows = page.getByTestId('instance-row');
  await expect(rows.first()).toBeVisible();
  // Her own instances: no account, host or zone-wide filters of an administrator.
  await expect(page.getByRole('combobox', { name: 'Account' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Host' })).toHaveCount(0);
  await expect(page.getByText(/432|command not available/i)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Alerts/ })).toHaveCount(0);

  const running = rows.filter({ hasText: 'Running' }).first();
  const popup = page.waitForEvent('popup');
  await running.getByRole('button', { name: /^Open the console of / }).click();
  const win = await popup;
  await expect(win).toHaveURL(/\/console\//);
  await expect(win.getByTestId('console-status')).toHaveText(/^Connected to /, { timeout: 30_000 });
  await win.close();

  // A link to an administrator's screen says it is not for her role, instead of a page of 432 errors; the page
  // does not even ask for the routers (listApis does not name listRouters).
  const listRouters: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/client/api' && new URLSearchParams(r.postData() ?? '').get('command') === 'listRouters') listRouters.push(r.url());
  });
  await page.goto('/routers');
  await expect(page.getByRole('heading', { name: 'Virtual Routers', level: 1 })).toBeVisible();
  await expect(page.getByText('Not available to your role')).toBeVisible();
  await expect(page.getByText(/needs listRouters, which your role may not call/)).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  expect(listRouters).toEqual([]);
  await page.getByRole('link', { name: 'CloudStack System VMs, start page' }).click();
  await expect(page).toHaveURL(/\/instances$/);
});

test("eng-admin lands on the Engineering domain's instances and sees the routers but no root-admin screen", async ({ page }) => {
  await logInAs(page, 'eng-admin');
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  expect(await navLinks(page)).toEqual(['Instances', 'Virtual Routers', 'Templates', 'Events']);
  const rows = page.getByTestId('instance-row');
  await expect(rows.first()).toBeVisible();
  // Every account of the domain subtree, and no other domain's.
  const accounts = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(accounts.length).toBeGreaterThan(0);
  for (const a of accounts) expect(a).toMatch(/ \((Engineering|QA)\)$/);
  expect(new Set(accounts).size).toBeGreaterThan(1);
  await expect(page.getByRole('combobox', { name: 'Account' })).toBeVisible();
  // listHosts is the root admin's: no host filter.
  await expect(page.getByRole('combobox', { name: 'Host' })).toHaveCount(0);
  await expect(page.getByText(/432|command not available/i)).toHaveCount(0);

  await page.goto('/systemvms');
  await expect(page.getByText('Not available to your role')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Virtual Routers' }).click();
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
  await expect(page.getByText('Not available to your role')).toHaveCount(0);
});

test('admin lands on the dashboard and lists every guest VM, filtered by account, state and host, with consoles', async ({ page }) => {
  await logInAs(page, 'admin');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  expect(await navLinks(page)).toEqual(['Dashboard', 'Instances', 'Virtual Routers', 'Upgrade plans', 'System VMs', 'Settings', 'Templates', 'Offerings',
    'Certificates', 'Events', 'Alerts']);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Instances' }).click();
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  const rows = page.getByTestId('instance-row');
  await expect(rows.first()).toBeVisible();
  const domains = new Set((await page.locator('tbody tr td:nth-child(3)').allTextContents()).map((a) => /\((.*)\)/.exec(a)?.[1]));
  expect(domains.size, 'accounts of several domains').toBeGreaterThan(1);

  await page.getByRole('combobox', { name: 'Account' }).click();
  await page.getByRole('option', { name: /^alice \(/ }).click();
  await expect(page).toHaveURL(/account=/);
  await expect.poll(async () => new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['alice (Engineering)']));

  await page.getByRole('combobox', { name: 'State' }).click();
  await page.getByRole('option', { name: 'Running', exact: true }).click();
  await expect(page).toHaveURL(/state=Running/);
  await expect.poll(async () => new Set(await page.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['Running']));
  await expect(rows.first().getByRole('button', { name: /^Open the console of / })).toBeEnabled();
  // Host of the first row: filtering by it keeps that row.
  const host = (await rows.first().locator('td').nth(4).textContent())!.trim();
  const name = (await rows.first().locator('td').first().textContent())!.trim();
  await page.getByRole('combobox', { name: 'Host' }).click();
  await page.getByRole('option', { name: host, exact: true }).click();
  await expect(page).toHaveURL(/host=/);
  await expect.poll(async () => new Set(await page.locator('tbody tr td:nth-child(5)').allTextContents())).toEqual(new Set([host]));
  await expect(rows.filter({ hasText: name })).toHaveCount(1);

  // The link shows the same screen.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Account' })).toHaveValue(/^alice \(/);
  await expect(rows.filter({ hasText: name })).toHaveCount(1);

  const popup = page.waitForEvent('popup');
  await rows.filter({ hasText: name }).getByRole('button', { name: /^Open the console of / }).click();
  const win = await popup;
  await expect(win.getByTestId('console-status')).toHaveText(/^Connected to /, { timeout: 30_000 });
  await win.close();
});
