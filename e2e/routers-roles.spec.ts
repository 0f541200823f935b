/**
 * Issue 17: the routers screen asks what the caller's role may call (listApis). eng-admin, the Engineering
 * domain's admin, may list its routers but not upgrade them (UpgradeRouterTemplateCmd is authorized for
 * RoleType.Admin only, and the plan API answers 403 to any caller but a root admin), nor list hosts or global
 * settings: no Upgrade is enabled, and the screen sends no listHosts, listConfigurations or plan request, so
 * no console error. The root admin still upgrades.
 */
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

/** The CloudStack commands (the form body's `command`) and console plan-API paths a page sends, and its console errors. */
function record(page: Page) {
  const commands: string[] = [];
  const plans: string[] = [];
  const errors: string[] = [];
  page.on('request', (req: Request) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/client/console/plans')) plans.push(`${req.method()} ${url.pathname}`);
    // The routers' first view (server/http/firstView.ts) is a listRouters call sent by the serving process.
    if (url.pathname.startsWith('/client/first-view/')) commands.push('listRouters (first view)');
    if (url.pathname !== '/client/api') return;
    const command = url.searchParams.get('command') ?? new URLSearchParams(req.postData() ?? '').get('command');
    if (command) commands.push(command);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { commands, plans, errors };
}

test.describe('eng-admin', () => {
  test.use({ user: 'eng-admin' });

  test('sees its routers with every Upgrade disabled, and asks nothing its role may not call', async ({ page }) => {
    const seen = record(page);
    await page.goto('/routers');
    await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
    const rows = page.getByTestId('router-row');
    await expect(rows.first()).toBeVisible();
    // listApis has answered (the screen is shown only after it): the routers are read.
    expect(seen.commands).toContain('listApis');
    expect(seen.commands.filter((c) => c.startsWith('listRouters')).length).toBeGreaterThan(0);

    // Every router row's Upgrade (there are some: the domain has outdated routers) is disabled, with the reason.
    const rowUpgrades = page.getByRole('button', { name: /^Upgrade r-/ });
    await expect(rowUpgrades.first()).toBeVisible();
    for (const b of await rowUpgrades.all()) {
      await expect(b).toBeDisabled();
      await expect(b).toHaveAttribute('title', 'Upgrading routers is for root admins');
    }
    await expect(page.getByTestId('no-host-list')).toBeVisible();

    // The pod view: every group's Upgrade and Plan upgrade are disabled.
    await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label: 'Group by pod' });
    const groupUpgrades = page.getByRole('button', { name: /^Upgrade the routers of / });
    await expect(groupUpgrades.first()).toBeVisible();
    for (const b of await groupUpgrades.all()) await expect(b).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Plan upgrade' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Plan upgrade' })).toHaveAttribute('title', 'Upgrading routers is for root admins');

    // The cluster view says why it has no clusters, rather than sit empty or spin.
    await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label: 'Group by cluster' });
    await expect(page.getByTestId('no-host-list')).toContainText('No host list for this role');
    await expect(page.getByText('Loading hosts…')).toHaveCount(0);

    // The frozen networks' Upgrade too.
    await page.getByTestId('frozen-toggle').click();
    const frozenUpgrades = page.getByRole('button', { name: /^Upgrade (zone|pod|cluster|account)$/ });
    for (const b of await frozenUpgrades.all()) await expect(b).toBeDisabled();
    await page.getByTestId('frozen-toggle').click();

    // The side panel of an outdated router: its Upgrade is disabled.
    await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label: 'All' });
    const outdated = rows.filter({ has: page.getByRole('button', { name: /^Upgrade r-/ }) }).first();
    await outdated.getByRole('button', { name: /^Details of / }).click();
    const panel = page.getByRole('dialog');
    const panelUpgrade = panel.getByRole('group', { name: 'Router actions' }).getByRole('button', { name: 'Upgrade', exact: true });
    await expect(panelUpgrade).toBeVisible();
    await expect(panelUpgrade).toBeDisabled();

    expect(seen.commands).not.toContain('listHosts');
    expect(seen.commands).not.toContain('listConfigurations');
    expect(seen.commands).not.toContain('upgradeRouterTemplate');
    expect(seen.plans).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});

test('the root admin still upgrades: Upgrade and Plan upgrade are enabled, hosts and plans are read', async ({ page }) => {
  const seen = record(page);
  await page.goto('/routers');
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
  const rowUpgrade = page.getByRole('button', { name: /^Upgrade r-/ }).first();
  await expect(rowUpgrade).toBeEnabled();
  await expect(rowUpgrade).not.toHaveAttribute('title', /.+/);
  await expect(page.getByTestId('no-host-list')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label: 'Group by pod' });
  await expect(page.getByRole('button', { name: /^Upgrade the routers of / }).and(page.locator(':enabled')).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Plan upgrade' })).toBeEnabled();
  await expect.poll(() => seen.commands.includes('listHosts')).toBe(true);
  await expect.poll(() => seen.commands.includes('listConfigurations')).toBe(true);
  await expect.poll(() => seen.plans.length).toBeGreaterThan(0);
});
