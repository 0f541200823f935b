import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { apiAs, logIn as logInAs } from './fixtures';
import { groupWithMostStale } from './routerGroups';

/**
 * The routers screen against a simulator of its own, which holds the upgrade of the routers whose names end
 * in an odd digit after its first step until the test lets them go (holdRouters): the test reloads the page
 * half way through an upgrade without racing it.
 */
let server: StartedServer;
const HOLD = ['1', '3', '5', '7', '9'].map((d) => `r-*${d}-VM`);
const held = (name: string) => /[13579]-VM$/.test(name);

test.beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 60, speed: 20, upgradeParallel: 60, holdRouters: HOLD } });
});

test.afterAll(async () => {
  await server?.close();
});

async function logIn(page: Page, path: string): Promise<void> {
  await logInAs(page, 'admin', { base: server.url.replace(/\/$/, ''), path });
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
}

async function selectView(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label });
}

test('group by pod, upgrade a pod, reload half way, and see every router of it reach the current version', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, '/routers');
  await selectView(page, 'Group by pod');
  await expect(page).toHaveURL(/view=pod/);

  // The pod with the most routers requiring an upgrade.
  const best = await groupWithMostStale(page);
  expect(best.count).toBeGreaterThanOrEqual(3);

  await page.getByRole('button', { name: `Routers of ${best.name}`, exact: true }).click();
  await expect(page).toHaveURL(/view=pod&group=/);
  const routerRows = page.getByTestId('router-row');
  await expect(page.getByTestId('router-counts')).toContainText(`${best.count} requiring upgrade`);
  const total = await routerRows.count();

  await page.getByRole('button', { name: 'Upgrade pod' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  await expect(dialog).toContainText(`Upgrade ${best.count} routers of pod ${best.name}`);
  await expect(dialog).toContainText('Network services are interrupted');
  await dialog.getByRole('button', { name: `Upgrade ${best.count} routers` }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByTestId('upgrade-progress');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('upgrade-line')).toHaveCount(best.count);
  const names = panel.getByTestId('upgrade-line').getByRole('button', { name: /^r-\d+-VM$/ });
  await expect(names).toHaveCount(best.count);
  const waiting = (await names.allInnerTexts()).filter(held).length;
  expect(waiting, 'the pod has routers held and routers not held').toBeGreaterThan(0);
  expect(waiting).toBeLessThan(best.count);

  // Half way: the routers not held are done, the held ones not yet. Reload: the upgrade is found again.
  const done = panel.locator('[data-testid="upgrade-line"][data-status="done"]');
  await expect(done).toHaveCount(best.count - waiting, { timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Router upgrade in progress' })).toBeVisible();
  await expect(panel.getByTestId('upgrade-line')).toHaveCount(best.count);
  await expect(done).toHaveCount(best.count - waiting);
  await expect(page.getByTestId('upgrade-summary')).toContainText(`${waiting} upgrading`);
  // Let the held routers go on.
  server.running.sim.options.holdRouters = [];

  await expect(page.getByTestId('upgrade-summary')).toHaveText(
    `${best.count} of ${best.count} finished (100%): ${best.count} done, 0 failed, 0 upgrading, 0 queued`,
    { timeout: 60_000 },
  );
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible();

  // Every router of the pod is on the current version, and none requires an upgrade.
  await expect(page.getByTestId('router-counts')).toContainText(`${total} routers, 0 requiring upgrade`);
  await expect(routerRows).toHaveCount(total);
  for (const row of await routerRows.all()) {
    await expect(row.locator('[data-column="version"]')).toHaveText('4.20.0');
    await expect(row.locator('[data-column="upgrade"]')).toHaveText('');
  }

  await page.getByRole('button', { name: 'All pods' }).click();
  const podRow = page.getByTestId('group-row').filter({ has: page.getByRole('button', { name: `Routers of ${best.name}`, exact: true }) });
  await expect(podRow.getByTestId('group-requiring-upgrade')).toHaveText('0');
});

test('the only router of a network cannot be destroyed; its details offer restart with cleanup instead', async ({ page }) => {
  // Plain VRs serve one network each: pick one.
  await logIn(page, '/routers?type=VR&upgrade=no');
  const first = page.getByTestId('router-row').first();
  const name = await first.locator('[data-column="name"]').innerText();
  await first.getByRole('button', { name: `Details of ${name}` }).click();
  await expect(page).toHaveURL(/router=/);

  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('destroy-refusal')).toContainText('restartNetwork with cleanup=false cannot recreate it');
  await expect(drawer.getByRole('button', { name: 'Destroy' })).toHaveCount(0);
  await expect(drawer.getByTestId('router-fields')).toContainText('guestnetworkid');

  await drawer.getByRole('button', { name: 'Restart network (with cleanup)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restart network with cleanup' });
  await expect(confirm).toContainText("Users' network access is interrupted");
  await confirm.getByRole('button', { name: 'Restart network with cleanup' }).click();
  // The router is destroyed and a new one deployed in its place.
  await expect(page.getByRole('dialog', { name: 'Router', exact: true })).toContainText('is not in the list', { timeout: 30_000 });
});

test('actions on a router that requires an upgrade are disabled and say why; a redundant router offers destroy', async ({ page }) => {
  await logIn(page, '/routers?upgrade=yes&state=Running');
  const first = page.getByTestId('router-row').first();
  const name = await first.locator('[data-column="name"]').innerText();
  await first.getByRole('button', { name: `Details of ${name}` }).click();
  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  const stop = drawer.getByRole('button', { name: 'Stop' });
  await expect(stop).toHaveAttribute('aria-disabled', 'true');
  await stop.hover();
  await expect(page.getByRole('tooltip')).toContainText('router.version.check');
  await page.keyboard.press('Escape');

  await page.goto(new URL('/routers?type=Redundant+VR&upgrade=no', server.url).toString());
  const redundant = page.getByTestId('router-row').first();
  const rname = await redundant.locator('[data-column="name"]').innerText();
  await redundant.getByRole('button', { name: `Details of ${rname}` }).click();
  const rdrawer = page.getByRole('dialog', { name: `Router ${rname}` });
  await expect(rdrawer.getByRole('button', { name: 'Destroy' })).toBeVisible();
  await expect(rdrawer.getByTestId('destroy-refusal')).toHaveCount(0);
});

test('a failed upgrade shows its errortext; Retry failed upgrades those routers again in one click', async ({ page }) => {
  // A simulator of its own where every running router's upgrade fails (fault injection).
  const faulty = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 30, speed: 20, failRouters: ['r-*-VM'] } });
  try {
    await logInAs(page, 'admin', { base: faulty.url.replace(/\/$/, ''), path: '/routers?view=zone' });
    const row = page.getByTestId('group-row').filter({ has: page.getByTestId('group-requiring-upgrade').filter({ hasNotText: /^0$/ }) }).first();
    const zone = await row.getByRole('button', { name: /^Routers of / }).innerText();
    await row.getByRole('button', { name: `Upgrade the routers of ${zone}` }).click();
    await page.getByRole('dialog', { name: 'Upgrade virtual routers' }).getByRole('button', { name: /^Upgrade \d+ router/ }).click();

    const panel = page.getByTestId('upgrade-progress');
    await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 30_000 });
    const failed = panel.locator('[data-status="failed"]');
    const nFailed = await failed.count();
    expect(nFailed).toBeGreaterThan(0);
    await expect(failed.first()).toContainText('fault injected');
    // The failed routers still require an upgrade: the zone's count is what failed.
    await expect(row.getByTestId('group-requiring-upgrade')).toHaveText(String(nFailed));

    const admin = await apiAs(faulty.url.replace(/\/$/, ''), 'admin');
    const jobs = async () => ((await admin.call('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs as { cmd: string }[])
      .filter((j) => /UpgradeRouterTemplateCmd$/.test(j.cmd)).length;
    const before = await jobs();
    await panel.getByRole('button', { name: `Retry ${nFailed} failed` }).click();
    await expect.poll(jobs).toBe(before + nFailed);
    await admin.dispose();
    await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 30_000 });
    await expect(panel.locator('[data-status="failed"]')).toHaveCount(nFailed);
  } finally {
    await faulty.close();
  }
});
