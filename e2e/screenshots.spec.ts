import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { consolesOf } from '../server/console/service';
import { apiAs, logIn as logInAs, type User } from './fixtures';

/**
 * The README's screenshots, made anew by every test run so that they show the app as it is. Its own
 * simulator (300 routers, in memory); no secret is ever on screen (the password field is masked and
 * nothing shows a session key).
 */
const out = join(process.cwd(), 'docs', 'screenshots');
let server: StartedServer;
let base: string;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 820 }, colorScheme: 'light' });

test.beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  server = await startServer({ port: 0, options: { database: ':memory:', routers: 300, speed: 1, upgradeParallel: 3 } });
  await consolesOf(server.running.sim).ready();
  base = server.url.replace(/\/$/, '');
});
test.afterAll(async () => {
  await server?.close();
});

async function logIn(page: Page, user: User = 'admin'): Promise<void> {
  await logInAs(page, user, { base });
}

/** Waits until no finite transition or animation runs (modals fade in; loaders spin forever), then shoots. */
async function shot(page: Page, name: string): Promise<void> {
  // Nothing secret in the picture: no session key, token or password in the address or on the page.
  expect(page.url(), `${name}: the address`).not.toMatch(/sessionkey|token=|password|apikey|secretkey/i);
  const session = await page.request.get(`${base}/client/session`);
  if (session.ok()) {
    const key = ((await session.json()) as { session: { sessionkey: string } }).session.sessionkey;
    expect(await page.locator('body').innerText(), `${name}: the session key is not on screen`).not.toContain(key);
  }
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  await page.screenshot({ path: join(out, `${name}.png`) });
}

test('screenshots of the main screens', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${base}/login`);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await shot(page, 'login');

  await logIn(page);
  await expect(page.getByTestId('figure-routers-total')).toHaveText(/^[1-9]/);
  await shot(page, 'dashboard');

  await page.goto(`${base}/instances`);
  await expect(page.getByTestId('instance-row').first()).toBeVisible();
  await shot(page, 'instances');

  await page.goto(`${base}/routers`);
  await expect(page.getByText(/r-\d+-VM/).first()).toBeVisible();
  await shot(page, 'routers');

  await page.goto(`${base}/routers?view=pod`);
  await expect(page.getByRole('heading', { name: /Virtual routers/i, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Upgrade/ }).first()).toBeVisible();
  await shot(page, 'routers-by-pod');

  // An upgrade of one pod in progress.
  await page.getByRole('button', { name: /^Upgrade/ }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await shot(page, 'routers-upgrade-confirm');
  await dialog.getByRole('button', { name: /^Upgrade/ }).last().click();
  await expect(page.getByRole('progressbar').first()).toBeVisible({ timeout: 60_000 });
  // Some routers on their way: the summary counts one finished or upgrading.
  await expect(page.getByTestId('upgrade-summary')).not.toContainText(/0 done, 0 failed, 0 upgrading/);
  await shot(page, 'routers-upgrade-progress');

  await page.goto(`${base}/systemvms`);
  await expect(page.getByText(/v-\d+-VM/).first()).toBeVisible();
  await shot(page, 'systemvms');

  const admin = await apiAs(base, 'admin');
  const zone = ((await admin.call('listZones')).zone as { id: string; name: string }[]).find((z) => z.name === 'zone-east')!;
  await admin.dispose();
  await page.goto(`${base}/settings/zone/${zone.id}`);
  await expect(page.getByText('router.template.kvm').first()).toBeVisible({ timeout: 60_000 });
  await shot(page, 'zone-settings');

  await page.goto(`${base}/templates`);
  await expect(page.getByText(/SystemVM Template/).first()).toBeVisible();
  await shot(page, 'templates');

  await page.goto(`${base}/certificates`);
  await expect(page.getByRole('heading', { name: 'Console proxy SSL certificate' })).toBeVisible();
  await shot(page, 'certificates');

  await page.goto(`${base}/events`);
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
  await shot(page, 'events');
});

test('screenshot of an end user console window', async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, 'alice');
  // An end user lands on their own instances, with only what their role may call in the navigation.
  await expect(page.getByRole('heading', { name: 'My instances', level: 1 })).toBeVisible();
  await expect(page.getByTestId('instance-row').first()).toBeVisible();
  await shot(page, 'my-instances');
  const alice = await apiAs(base, 'alice');
  const vm = ((await alice.call('listVirtualMachines', { state: 'Running' })).virtualmachine as { id: string }[] | undefined)?.[0];
  await alice.dispose();
  expect(vm, 'alice has a running VM').toBeTruthy();
  await page.goto(`${base}/console/${vm!.id}`);
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await page.locator('canvas').first().click();
  await page.keyboard.type('root');
  await page.keyboard.press('Enter');
  await shot(page, 'console');

  // A console whose proxy name does not resolve: the address tried and the cause the serving process found.
  const admin = await apiAs(base, 'admin');
  const zoneid = ((await admin.call('listVirtualMachines', { id: vm!.id, listall: true })).virtualmachine as { zoneid: string }[])[0]!.zoneid;
  await admin.call('updateConfiguration', { name: 'consoleproxy.url.domain', value: '*.console.invalid', zoneid });
  // Not a dynamic setting: applied as after a restart of the management server.
  server.running.sim.settings.takeSnapshot();
  try {
    // The page's policy follows the setting (the serving process reads it again at most every second).
    await expect.poll(async () => (await page.request.get(`${base}/`)).headers()['content-security-policy'], { timeout: 30_000 }).toContain('console.invalid');
    await page.goto(`${base}/console/${vm!.id}`);
    await expect(page.getByTestId('console-failure')).toHaveAttribute('data-cause', 'name-not-resolved', { timeout: 60_000 });
    await shot(page, 'console-failure');
  } finally {
    await admin.call('resetConfiguration', { name: 'consoleproxy.url.domain', zoneid });
    server.running.sim.settings.takeSnapshot();
    await admin.dispose();
  }
});
