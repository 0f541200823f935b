/**
 * Every action with the keyboard alone: Tab, Shift+Tab, Enter, Space, Escape and arrows through page.keyboard,
 * never a mouse click, and text typed only into the field the keyboard focused. Each element reached is checked
 * for a visible focus indicator. The test upgrades a router and changes a setting, so it runs against a
 * simulator of its own.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';

let server: StartedServer;
let base: string;
test.beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 40, speed: 20 } });
  base = server.url.replace(/\/$/, '');
});
test.afterAll(async () => {
  await server?.close();
});

const FORM_FIELDS = 'input:not([type=checkbox]):not([type=radio]), select, textarea';

/** What the focused element shows as its focus indicator, or why it shows none. */
async function focusIndicator(page: Page): Promise<string> {
  return page.evaluate((fields) => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'nothing is focused';
    // Text fields, selects and text areas show focus with their border (Mantine) and a caret.
    if (el.matches(fields)) return 'ok';
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    if (outline || shadow) return 'ok';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return `${el.tagName.toLowerCase()} "${name}" has no visible focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})`;
  }, FORM_FIELDS);
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluateAll((els) => els.includes(document.activeElement as HTMLElement));
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 120 } = {}): Promise<number> {
  const key = back ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) {
      expect(await focusIndicator(page), `focus indicator of ${target}`).toBe('ok');
      return presses;
    }
    await page.keyboard.press(key);
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`${key} did not reach ${target} in ${max} presses (focus is on ${focused})`);
}

async function expectFocusWithin(container: Locator): Promise<void> {
  await expect.poll(() => container.evaluate((c) => c.contains(document.activeElement))).toBe(true);
}

/** The page's own API session (its cookie and session key), to check what the keyboard changed. */
async function api(page: Page, form: Record<string, string>): Promise<Record<string, Record<string, unknown>>> {
  const session = (await (await page.request.get(`${base}/client/session`)).json()) as { session: { sessionkey: string } };
  const res = await page.request.post(`${base}/client/api`, { form: { response: 'json', sessionkey: session.session.sessionkey, ...form } });
  expect(res.status(), form.command).toBe(200);
  return (await res.json()) as Record<string, Record<string, unknown>>;
}

test('log in, upgrade a router from a pod group, cancel a system VM stop and save a setting, by keyboard only', async ({ page }) => {
  test.setTimeout(180_000);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const main = page.locator('#main-content');

  // Log in: the username field has the focus; Tab to the password; Enter submits.
  await page.goto(`${base}/login`);
  await expect(page.getByRole('textbox', { name: 'Username', exact: true })).toBeFocused();
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();
  await page.keyboard.type('password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  // The first Tab reaches the skip link, which takes the focus to the page's content.
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await tabTo(page, skip, { max: 1 });
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(main).toBeFocused();

  // Virtual Routers, from the navigation (just before the content).
  await tabTo(page, nav.getByRole('link', { name: 'Virtual Routers', exact: true }), { back: true, max: 30 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Virtual routers' })).toBeVisible();
  await expect(page.getByTestId('router-row').first()).toBeVisible();

  // The search box keeps every character typed (it lives in the URL, which follows).
  const search = page.getByRole('searchbox', { name: 'Search' });
  await tabTo(page, search, { max: 10 });
  await page.keyboard.type('r-1-VM');
  await expect(search).toHaveValue('r-1-VM');
  await expect(page).toHaveURL(/q=r-1-VM/);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(search).toHaveValue('');
  await expect(page).not.toHaveURL(/q=/);

  // Group by pod: the view select takes arrow keys.
  const viewSelect = page.getByRole('combobox', { name: 'Select view' });
  await tabTo(page, viewSelect, { back: true, max: 10 });
  for (let i = 0; i < 5 && (await viewSelect.inputValue()) !== 'pod'; i++) {
    const was = await viewSelect.inputValue();
    await page.keyboard.press('ArrowDown');
    // Each choice applies at once (the view is in the URL): wait for it before the next arrow.
    await expect(viewSelect).not.toHaveValue(was);
    await expect(page).toHaveURL(new RegExp(`view=${await viewSelect.inputValue()}`));
  }
  await expect(viewSelect).toHaveValue('pod');
  await expect(page).toHaveURL(/view=pod/);
  await expect(viewSelect).toBeFocused();

  // Open a pod that has routers to upgrade.
  const podRow = page
    .getByTestId('group-row')
    .filter({ has: page.getByTestId('group-requiring-upgrade').filter({ hasNotText: /^0$/ }) })
    .first();
  const podButton = podRow.getByRole('button', { name: /^Routers of / });
  const pod = (await podButton.innerText()).trim();
  await tabTo(page, podButton, { max: 40 });
  await page.keyboard.press('Enter');
  const podHeading = page.getByRole('heading', { level: 2, name: new RegExp(`^Pod ${pod}`) });
  await expect(podHeading).toBeVisible();
  // The focus goes to the opened group, not back to the top of the page.
  await expectFocusWithin(main);

  // A router's side panel: its name is a button; Enter opens the panel, which takes the focus.
  // A running one: upgradeRouterTemplate reboots it (a stopped router's reboot fails).
  const staleRow = page.getByTestId('router-row').filter({ has: page.getByRole('button', { name: /^Upgrade / }) }).filter({ hasText: 'Running' }).first();
  const details = staleRow.getByRole('button', { name: /^Details of / });
  const routerName = (await details.innerText()).trim();
  const routerId = (await staleRow.getAttribute('data-router-id'))!;
  const detailsButton = page.getByRole('button', { name: `Details of ${routerName}`, exact: true });
  await tabTo(page, detailsButton, { max: 60 });
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: `Router ${routerName}` });
  await expect(drawer).toBeVisible();
  await expectFocusWithin(drawer);

  // Upgrade: the confirmation opens on its confirm button; Escape closes it and the focus returns to Upgrade.
  const upgradeButton = drawer.getByRole('button', { name: 'Upgrade', exact: true });
  await tabTo(page, upgradeButton, { max: 20 });
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  await expect(confirm).toBeVisible();
  const confirmButton = confirm.getByRole('button', { name: 'Upgrade 1 router', exact: true });
  await expect(confirmButton).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(drawer).toBeVisible();
  await expect(upgradeButton).toBeFocused();

  // Again, and confirm with Enter.
  await page.keyboard.press('Enter');
  await expect(confirmButton).toBeFocused();
  expect(await focusIndicator(page)).toBe('ok');
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 60_000 });
  const after = (await api(page, { command: 'listRouters', id: routerId, listall: 'true' })).listroutersresponse?.router as { requiresupgrade?: boolean }[];
  expect(after[0]?.requiresupgrade).toBe(false);
  // The panel keeps the focus while the router upgrades.
  await expectFocusWithin(drawer);

  // Escape closes the panel; the focus returns to the router's name in the list.
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(detailsButton).toBeFocused();

  // System VMs: a console proxy's actions menu opens with Enter, arrows reach Stop, Cancel keeps it running.
  await tabTo(page, nav.getByRole('link', { name: 'System VMs', exact: true }), { back: true, max: 200 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'System VMs' })).toBeVisible();
  const proxyRow = page.locator('tr[data-testid^="systemvm-"]').filter({ hasText: 'Console proxy' }).filter({ hasText: 'Running' }).first();
  const proxy = (await proxyRow.getAttribute('data-testid'))!.replace(/^systemvm-/, '');
  const actions = page.getByRole('button', { name: `Actions for ${proxy}`, exact: true });
  await tabTo(page, actions, { max: 40 });
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const stopItem = menu.getByRole('menuitem', { name: 'Stop', exact: true });
  for (let i = 0; i < 10 && !(await isFocused(stopItem)); i++) await page.keyboard.press('ArrowDown');
  await expect(stopItem).toBeFocused();
  expect(await focusIndicator(page)).toBe('ok');
  await page.keyboard.press('Enter');
  const stopDialog = page.getByRole('dialog', { name: `Stop ${proxy}?` });
  await expect(stopDialog).toBeVisible();
  await expectFocusWithin(stopDialog);
  await tabTo(page, stopDialog.getByRole('button', { name: 'Cancel' }), { max: 10 });
  await page.keyboard.press('Enter');
  await expect(stopDialog).toHaveCount(0);
  await expect(actions).toBeFocused();
  await expect(proxyRow.getByTestId('state')).toHaveText('Running');
  // And Escape closes the menu, with the focus back on its button.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(actions).toBeFocused();

  // Settings: search, edit a value, save it.
  await tabTo(page, nav.getByRole('link', { name: 'Settings', exact: true }), { back: true, max: 60 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Global settings' })).toBeVisible();
  await tabTo(page, page.getByRole('textbox', { name: 'Search settings' }), { max: 20 });
  await page.keyboard.type('router.stats.interval');
  await expect(page.getByRole('textbox', { name: 'Search settings' })).toHaveValue('router.stats.interval');
  const row = page.locator('tr[data-setting="router.stats.interval"]');
  await expect(row).toBeVisible();
  await expect(page.locator('tr[data-setting]').filter({ hasText: 'consoleproxy' })).toHaveCount(0);
  const value = row.getByTestId('value-router.stats.interval');
  const before = (await value.innerText()).trim();
  const next = before === '120' ? '90' : '120';

  // Escape in the editor cancels, and the focus goes back to Edit.
  const edit = row.getByRole('button', { name: 'Edit router.stats.interval' });
  await tabTo(page, edit, { max: 30 });
  await page.keyboard.press('Enter');
  const field = row.getByRole('textbox', { name: 'Value of router.stats.interval' });
  await expect(field).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(value).toHaveText(before);
  await expect(edit).toBeFocused();

  // Edit, type the new value, Tab to Save, Enter.
  await page.keyboard.press('Enter');
  await expect(field).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(next);
  await tabTo(page, row.getByRole('button', { name: 'Save' }), { max: 5 });
  await page.keyboard.press('Enter');
  await expect(value).toHaveText(next);
  await expect(row.getByRole('status')).toContainText('Saved.');
  await expect(edit).toBeFocused();
  const saved = (await api(page, { command: 'listConfigurations', name: 'router.stats.interval' })).listconfigurationsresponse?.configuration as { name: string; value: string }[];
  expect(saved.find((c) => c.name === 'router.stats.interval')?.value).toBe(next);
});
