/**
 * Issue 16, trust in what the screen says: stale data when the management server cannot be reached, search
 * boxes that keep every typed character under load, a router panel that says its router was destroyed, and
 * a change of offering that says what it did and offers Start.
 */
import { expect, test } from '@playwright/test';
import { listRouters } from './api';
import { logInAs } from './users';

test.use({ viewport: { width: 1366, height: 768 } });

test('the routers screen says its data is stale while the server is unreachable, and disables the actions', async ({ page }) => {
  await logInAs(page, 'admin');
  await page.goto('/routers');
  const table = page.getByRole('table', { name: 'Virtual routers' });
  await expect(table).toBeVisible();
  const upgrade = page.getByRole('button', { name: /^Upgrade r-/ }).first();
  const details = page.getByRole('button', { name: /^Details of / }).first();
  await expect(upgrade).toBeEnabled();
  const counts = await page.getByTestId('router-counts').textContent();

  // The management server goes away: every API call fails as a refused connection would.
  await page.route('**/client/api', (route) => route.abort('connectionrefused'));
  const notice = page.getByTestId('stale-data');
  await expect(notice).toBeVisible({ timeout: 45_000 });
  await expect(notice).toContainText('The routers shown may be out of date');
  await expect(notice).toContainText(/has not answered since \d{1,2}:\d{2}:\d{2}/);
  await expect(notice).toContainText(/were loaded at \d{1,2}:\d{2}:\d{2}/);
  // The old figures stay, but nothing that needs the server can be pressed.
  await expect(page.getByTestId('router-counts')).toHaveText(counts!);
  await expect(upgrade).toBeDisabled();
  await expect(details).toBeDisabled();

  // It comes back: the notice goes and the actions work again, without a reload.
  await page.unroute('**/client/api');
  await expect(notice).toBeHidden({ timeout: 45_000 });
  await expect(upgrade).toBeEnabled();
});

test("the router panel (in a portal) follows the stale-data guard: its actions are disabled and it says why", async ({ page }) => {
  await logInAs(page, 'admin');
  const routers = await listRouters(page, { state: 'Running' });
  const router = routers.find((r) => r.isredundantrouter) ?? routers[0];
  expect(router, 'a running router').toBeTruthy();
  await page.goto(`/routers?router=${router!.id}`);
  const drawer = page.getByRole('dialog', { name: `Router ${router!.name}` });
  const actions = drawer.getByRole('group', { name: 'Router actions' });
  const stop = actions.getByRole('button', { name: 'Stop', exact: true });
  const migrate = drawer.getByRole('button', { name: 'Migrate', exact: true });
  const console = actions.getByRole('button', { name: `Open the console of ${router!.name}` });
  await expect(stop).toBeEnabled();
  await expect(console).toBeEnabled();
  // A confirmation opened before the outage.
  await stop.click();
  const confirm = page.getByRole('dialog', { name: `Stop ${router!.name}` });
  await expect(confirm.getByRole('button', { name: 'Stop', exact: true })).toBeEnabled();

  // The management server goes away.
  await page.route('**/client/api', (route) => route.abort('connectionrefused'));
  await expect(page.getByTestId('stale-data')).toBeVisible({ timeout: 45_000 });
  // The confirmation cannot go on, says why, and can still be cancelled.
  await expect(confirm.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  await expect(confirm.getByTestId('stale-actions')).toContainText(/has not answered since \d{1,2}:\d{2}:\d{2}/);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  // The panel: every action disabled, with the reason.
  const why = drawer.getByTestId('stale-actions');
  await expect(why).toBeVisible();
  await expect(why).toContainText(/The management server has not answered since \d{1,2}:\d{2}:\d{2}( [AP]M)?: this cannot be done until it answers again/);
  for (const name of ['Start', 'Stop', 'Reboot']) {
    const button = actions.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('aria-description', /has not answered since/);
  }
  await expect(migrate).toBeDisabled();
  await expect(drawer.getByRole('button', { name: 'Change offering', exact: true })).toBeDisabled();
  await expect(console).toBeDisabled();
  // Pressing a disabled action opens nothing.
  await actions.getByRole('button', { name: 'Reboot', exact: true }).click({ force: true });
  await expect(page.getByRole('dialog', { name: `Reboot ${router!.name}` })).toHaveCount(0);

  // It answers again: the actions come back without a reload.
  await page.unroute('**/client/api');
  await expect(why).toBeHidden({ timeout: 45_000 });
  await expect(stop).toBeEnabled();
  await expect(migrate).toBeEnabled();
});

for (const [screen, path, box] of [
  ['Events', '/events', 'Search'],
  ['Alerts', '/alerts', 'Search'],
] as const) {
  test(`the ${screen} search box keeps every typed character while the page is busy`, async ({ page }) => {
    await logInAs(page, 'admin');
    await page.goto(path);
    await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
    // A slow machine: the main thread runs six times slower, so URL updates lag behind the keys.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    const text = 'router r-12-VM stopped unexpectedly';
    const input = page.getByRole('textbox', { name: box, exact: true });
    await input.click();
    await input.pressSequentially(text);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect(input).toHaveValue(text);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(text);
    await expect(input).toHaveValue(text);
  });
}

test('the router panel says so when its router is destroyed', async ({ page }) => {
  await logInAs(page, 'admin');
  const routers = await listRouters(page, { state: 'Running' });
  // A redundant router that needs no upgrade: Destroy is offered (its network keeps the other one).
  const router = routers.find((r) => r.isredundantrouter && !r.requiresupgrade);
  expect(router, 'a running redundant router that needs no upgrade').toBeTruthy();
  await page.goto(`/routers?router=${router!.id}`);
  const drawer = page.getByRole('dialog', { name: `Router ${router!.name}` });
  await expect(drawer).toBeVisible();
  await drawer.getByRole('button', { name: 'Destroy', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: /Destroy/ }).last();
  await confirm.getByRole('button', { name: /^Destroy/ }).click();
  const gone = page.getByTestId('router-gone');
  await expect(gone).toBeVisible({ timeout: 45_000 });
  await expect(gone).toContainText(`Router ${router!.name} was destroyed`);
  await expect(page.getByRole('group', { name: 'Router actions' })).toHaveCount(0);
  await gone.getByRole('button', { name: 'Close the panel' }).click();
  await expect(page.getByRole('dialog', { name: /^Router / })).toHaveCount(0);
  await expect(page).not.toHaveURL(/router=/);
});

test('Change offering says what was done and offers Start', async ({ page }) => {
  await logInAs(page, 'admin');
  const routers = await listRouters(page, { state: 'Running' });
  const router = routers.find((r) => !r.requiresupgrade && !r.isredundantrouter);
  expect(router, 'a running router that needs no upgrade').toBeTruthy();
  await page.goto(`/routers?router=${router!.id}`);
  const drawer = page.getByRole('dialog', { name: `Router ${router!.name}` });
  await drawer.getByRole('button', { name: 'Change offering', exact: true }).click();
  const modal = page.getByRole('dialog', { name: `Change the offering of ${router!.name}` });
  await modal.getByRole('button', { name: `Stop ${router!.name}` }).click();
  const select = modal.getByRole('combobox', { name: 'New system offering' });
  await expect(select).toBeEnabled({ timeout: 45_000 });
  await select.click();
  const option = page.getByRole('listbox', { name: 'New system offering' }).getByRole('option').first();
  const offering = ((await option.textContent()) ?? '').replace(/ \(.*$/, '');
  await option.click();
  await modal.getByRole('button', { name: 'Change offering' }).click();
  await expect(modal).toBeHidden();
  const notice = drawer.getByTestId('router-notice');
  await expect(notice).toContainText(`The offering of ${router!.name} is now ${offering}.`);
  await expect(notice).toContainText('still stopped');
  await notice.getByRole('button', { name: `Start ${router!.name}` }).click();
  await expect(drawer.getByText(`${router!.name} was started.`)).toBeVisible({ timeout: 45_000 });
  await expect.poll(async () => (await listRouters(page, { id: router!.id }))[0]?.state, { timeout: 30_000 }).toBe('Running');
});
