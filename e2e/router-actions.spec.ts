import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The router side panel's other operations: diagnostics, migration, and the system offering (which needs
 * the router stopped), against the shared e2e simulator.
 */
async function logIn(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('textbox', { name: 'Username' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
}

/** Opens the details of the listed router at `index` (-1: the last); answers its name and its panel. */
async function openRouter(page: Page, index: number): Promise<{ name: string; drawer: Locator }> {
  const rows = page.getByTestId('router-row');
  const row = index < 0 ? rows.last() : rows.nth(index);
  const name = (await row.locator('[data-column="name"]').innerText()).trim();
  await row.getByRole('button', { name: `Details of ${name}` }).click();
  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  await expect(drawer).toBeVisible();
  return { name, drawer };
}

/** A value of the panel's every-field table. */
function field(drawer: Locator, key: string): Locator {
  return drawer.getByTestId('router-fields').getByRole('row').filter({ has: drawer.page().getByRole('rowheader', { name: key, exact: true }) }).getByRole('cell');
}

test('from a router panel: ping from the router (answered and timed out), then migrate it to another host of its cluster', async ({ page }) => {
  await logIn(page, '/routers?upgrade=no&state=Running');
  const { name, drawer } = await openRouter(page, 0);
  await expect(drawer.getByRole('region', { name: 'Network statistics' })).toBeVisible();

  // Diagnostics: the guest network's gateway answers; an address on no interface of the router does not.
  const guestIp = (await field(drawer, 'guestipaddress').innerText()).trim();
  expect(guestIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const gateway = guestIp.replace(/\.\d+$/, '.1');
  await drawer.getByRole('button', { name: 'Diagnostics' }).click();
  const diagnostics = page.getByRole('dialog', { name: `Diagnostics of ${name}` });
  await diagnostics.getByLabel('IP address').fill(gateway);
  await diagnostics.getByLabel('Extra parameters').fill('-c 3');
  await diagnostics.getByRole('button', { name: 'Run ping' }).click();
  await expect(diagnostics.getByTestId('diagnostics-exitcode')).toHaveText('0');
  await expect(diagnostics.getByTestId('diagnostics-stdout')).toContainText(`PING ${gateway}`);
  await expect(diagnostics.getByTestId('diagnostics-stdout')).toContainText('3 packets transmitted, 3 received, 0% packet loss');
  await diagnostics.getByLabel('IP address').fill('192.0.2.7');
  await diagnostics.getByLabel('Extra parameters').fill('-c 2');
  await diagnostics.getByRole('button', { name: 'Run ping' }).click();
  await expect(diagnostics.getByTestId('diagnostics-exitcode')).toHaveText('1');
  await expect(diagnostics.getByTestId('diagnostics-stdout')).toContainText('2 packets transmitted, 0 received, 100% packet loss');
  await page.keyboard.press('Escape');
  await expect(diagnostics).toBeHidden();
  await expect(drawer).toBeVisible();

  // Migration: to a host of the cluster other than the current one; the panel then shows the new host.
  const before = (await field(drawer, 'hostname').innerText()).trim();
  expect(before).not.toBe('');
  await drawer.getByRole('button', { name: 'Migrate' }).click();
  const migrate = page.getByRole('dialog', { name: `Migrate ${name}` });
  await expect(migrate).toContainText(`${name} runs on ${before}`);
  const choices = migrate.getByRole('radio');
  await expect(choices.first()).toBeVisible();
  const label = await choices.last().getAttribute('aria-label');
  const target = label!.replace('Migrate to ', '');
  expect(target).not.toBe(before);
  await choices.last().check();
  await migrate.getByRole('button', { name: `Migrate to ${target}` }).click();
  await expect(migrate).toBeHidden();
  await expect(drawer.getByTestId('router-notice')).toHaveText(`${name} was migrated to ${target}.`);
  await expect(field(drawer, 'hostname')).toHaveText(target);
  await expect(field(drawer, 'state')).toHaveText('Running');
});

test('a router that requires an upgrade offers its other operations (router.version.check does not refuse them); its upgrade asks first', async ({ page }) => {
  await logIn(page, '/routers?upgrade=yes&state=Running');
  const { drawer } = await openRouter(page, 0);
  for (const label of ['Migrate', 'Diagnostics']) {
    await expect(drawer.getByRole('button', { name: label, exact: true })).not.toHaveAttribute('aria-disabled', 'true');
  }
  await expect(drawer.getByTestId('frozen-notice')).toContainText('router.version.check');

  // The upgrade it needs asks first; Escape closes the question, not the panel under it.
  await drawer.getByRole('button', { name: 'Upgrade', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(drawer).toBeVisible();
  // And with nothing above it, Escape closes the panel.
  await drawer.getByRole('button', { name: 'Start', exact: true }).focus();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/router=/);
});

test("changing a running router's offering offers to stop it first", async ({ page }) => {
  await logIn(page, '/routers?upgrade=no&state=Running&type=Redundant+VR');
  const { name, drawer } = await openRouter(page, 0);
  const offeringBefore = (await field(drawer, 'serviceofferingname').innerText()).trim();
  await drawer.getByRole('button', { name: 'Change offering', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Change the offering of ${name}` });
  await expect(dialog).toContainText('The router must be stopped');
  await expect(dialog.getByRole('button', { name: 'Change offering' })).toBeDisabled();
  await dialog.getByRole('button', { name: `Stop ${name}` }).click();
  await expect(dialog.getByText('The router must be stopped')).toBeHidden();
  await expect(field(drawer, 'state')).toHaveText('Stopped');

  await dialog.getByRole('combobox', { name: 'New system offering' }).click();
  const option = page.getByRole('listbox').getByRole('option').first();
  const chosen = (await option.innerText()).replace(/ \(.*$/, '');
  await option.click();
  await dialog.getByRole('button', { name: 'Change offering' }).click();
  await expect(dialog).toBeHidden();
  await expect(field(drawer, 'serviceofferingname')).toHaveText(chosen);
  expect(chosen).not.toBe(offeringBefore);
  // Stopped now: start it again from the panel.
  await drawer.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('dialog', { name: `Start ${name}` }).getByRole('button', { name: 'Start' }).click();
  await expect(field(drawer, 'state')).toHaveText('Running');
});

test("a router's network moves to another network offering, and a restart with cleanup recreates its routers", async ({ page }) => {
  // A redundant pair's isolated network (the plain VRs of the demo cloud serve shared networks, which have
  // no other offering to move to).
  await logIn(page, '/routers?upgrade=no&state=Running&type=Redundant+VR');
  const { drawer } = await openRouter(page, -1);
  const network = (await field(drawer, 'guestnetworkname').innerText()).trim();
  await drawer.getByRole('button', { name: 'Change network offering', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Move ${network} to another network offering` });
  await dialog.getByRole('combobox', { name: 'New network offering' }).click();
  const option = page.getByRole('listbox').getByRole('option').first();
  await expect(option).toBeVisible();
  await option.click();
  await expect(dialog).toContainText('Its routers run on');
  await dialog.getByRole('button', { name: 'Apply offering' }).click();
  await expect(dialog).toContainText('The running routers keep their old offering until the network is restarted with cleanup');
  await dialog.getByRole('button', { name: 'Restart with cleanup' }).click();
  await expect(dialog.getByText(`${network}'s routers now run on`)).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).filter({ hasText: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The router was destroyed and a new one deployed in its place: the panel says so.
  await expect(page.getByRole('dialog', { name: 'Router', exact: true })).toContainText('was destroyed');
});

test("a router's Details tab shows its NICs one line each and no field as raw JSON", async ({ page }) => {
  await logIn(page, '/routers?state=Running');
  const { drawer } = await openRouter(page, 0);
  await drawer.getByRole('tab', { name: 'Details' }).click();
  const fields = drawer.getByTestId('router-fields');
  await expect(field(drawer, 'id')).toBeVisible();
  // No value of the every-field table is JSON (`[{…}]` for nic, healthcheckresults or any other list).
  const values = await fields.getByRole('cell').allInnerTexts();
  expect(values.length).toBeGreaterThan(5);
  expect(values.filter((v) => /^\s*[[{]/.test(v))).toEqual([]);
  await expect(fields.getByRole('rowheader', { name: 'nic', exact: true })).toHaveCount(0);
  // A running router has its public, control and guest NICs, one row each with traffic type, IP and MAC.
  const nics = drawer.getByRole('table', { name: 'NICs of the router' });
  await expect(nics.getByRole('columnheader')).toHaveText(['Traffic type', 'Network', 'IP address', 'MAC address']);
  const rows = nics.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) {
    expect(text).toMatch(/^(Public|Control|Guest)/);
    expect(text).toMatch(/\d+\.\d+\.\d+\.\d+/);
    expect(text).toMatch(/([0-9a-f]{2}:){5}[0-9a-f]{2}/);
  }
});
