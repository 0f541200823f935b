/**
 * Accessibility, measured: an axe check (WCAG 2.0 and 2.1, levels A and AA, and axe's best practices) of every
 * main screen, in the light and in the dark theme. A violation of impact "serious" or "critical" fails the test
 * and is printed with the elements it was found on; so does any violation of a WCAG rule, whatever its impact
 * (as the shell's checks, moved here, did). Best-practice violations of lesser impact are printed and kept as
 * annotations, without failing.
 *
 * The theme is chosen the way a user chooses it, with the toggle in the header; Mantine keeps the choice in
 * localStorage ("mantine-color-scheme-value", not a secret), so that pages without the header (the login page
 * after logging out, the console window) open in the same theme.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { apiAs, expect, logIn, pageApi, test } from './fixtures';

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const THEME_KEY = 'mantine-color-scheme-value';

/** The app's first screen, with the page's stored session. */
async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('main h1').first()).toBeVisible();
}

/**
 * Switches to a theme with the header's toggle (starting from the other one, so that the toggle really acts)
 * and checks that the page shows it and that the choice is remembered.
 */
async function chooseTheme(page: Page, scheme: Scheme): Promise<void> {
  const html = page.locator('html');
  const other: Scheme = scheme === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-mantine-color-scheme', other);
  await page.getByRole('button', { name: `Switch to ${scheme} theme` }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', scheme);
  expect(await page.evaluate((key) => window.localStorage.getItem(key), THEME_KEY)).toBe(scheme);
  // The toggle's tooltip is transient: let it go before any check.
  await page.mouse.move(1, 700);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
}

/** Waits until no finite transition or animation runs (modals and drawers fade in; loaders spin forever). */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
}

/**
 * Runs axe on the page as it is and records the result under `screen`. Serious and critical violations fail
 * (softly, so that one run lists every screen's); every violation is printed.
 */
async function check(page: Page, info: TestInfo, screen: string, scheme: Scheme): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
  await settle(page);
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS, 'best-practice']).analyze();
  const wcag = (tags: readonly string[]) => tags.some((t) => WCAG_TAGS.includes(t));
  const serious = (impact: string | null | undefined) => impact === 'serious' || impact === 'critical';
  const lines = (fails: boolean) =>
    results.violations
      .filter((v) => (serious(v.impact) || wcag(v.tags)) === fails)
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')} | ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`));
  const blocking = lines(true);
  const lesser = lines(false);
  const where = `${screen} [${scheme}]`;
  for (const line of [...blocking, ...lesser]) console.log(`axe ${where}: ${line}`);
  if (lesser.length) info.annotations.push({ type: 'axe best practice (moderate or minor)', description: `${where}: ${lesser.join('\n')}` });
  info.annotations.push({ type: 'axe checked', description: `${where}: ${results.passes.length} rules passed, ${blocking.length} failing` });
  expect.soft(blocking, `serious, critical or WCAG axe violations on ${where}`).toEqual([]);
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function noLoaders(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
}

for (const scheme of SCHEMES) {
  const start: Scheme = scheme === 'dark' ? 'light' : 'dark';

  test.describe(`${scheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      // The system preference is the other theme: what the checks see is the toggle's choice.
      await page.emulateMedia({ colorScheme: start });
    });

    test.describe(() => {
      // It logs out at the end: a session of its own.
      test.use({ user: null });
      test(`the dashboard, the screens of Infrastructure and Administration, and the login page (${scheme})`, async ({ page }, info) => {
        // A dozen axe scans of whole screens: minutes on a busy 2-core machine; a failure shows at once anyway.
        test.setTimeout(480_000);
        await logIn(page, 'admin');
        await expect(page.locator('main h1').first()).toBeVisible();
        await chooseTheme(page, scheme);
        await heading(page, 'Dashboard');
        await expect(page.getByTestId('figure-systemvms-consoleproxy')).toBeVisible();
        await check(page, info, 'dashboard', scheme);

        const api = await pageApi(page);
        const zones = (await api.call('listZones')).zone as { id: string; name: string }[];
        expect(zones.length).toBeGreaterThan(0);

        const screens: [string, string, string | RegExp, () => Promise<void>][] = [
          ['system VMs', '/systemvms', 'System VMs', async () => void (await expect(page.getByRole('table').first()).toBeVisible())],
          ['global settings', '/settings', 'Global settings', async () => void (await expect(page.getByRole('table')).toBeVisible())],
          [`zone settings (${zones[0]!.name})`, `/settings/zone/${zones[0]!.id}`, 'Zone settings', async () => void (await expect(page.getByRole('table')).toBeVisible())],
          ['templates', '/templates', 'Templates', async () => void (await expect(page.getByRole('table')).toBeVisible())],
          ['certificates', '/certificates', 'Console proxy SSL certificate', async () => undefined],
          ['events', '/events', 'Events', async () => undefined],
          ['alerts', '/alerts', 'Alerts', async () => undefined],
          ['offerings', '/offerings', /Offerings/, async () => void (await expect(page.getByRole('table').first()).toBeVisible())],
          ['page not found', '/no/such/page', 'Page not found', async () => undefined],
        ];
        for (const [name, path, title, ready] of screens) {
          await page.goto(path);
          await heading(page, title);
          await ready();
          await noLoaders(page);
          await check(page, info, name, scheme);
        }

        // The register form of Templates.
        await page.goto('/templates');
        await heading(page, 'Templates');
        await page.getByRole('button', { name: 'Register template' }).click();
        const register = page.getByRole('dialog', { name: 'Register template' });
        await expect(register).toBeVisible();
        await check(page, info, 'templates, register form', scheme);
        await page.keyboard.press('Escape');
        await expect(register).toHaveCount(0);

        // Logged out, the login page keeps the chosen theme.
        await page.getByRole('button', { name: /^User menu: admin/ }).click();
        await page.getByRole('menuitem', { name: 'Log out' }).click();
        await expect(page).toHaveURL(/\/login$/);
        await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
        await check(page, info, 'login', scheme);
        // A failed login shows an alert: checked too.
        await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
        await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
        await page.getByRole('button', { name: 'Log in' }).click();
        await expect(page.getByText('Login failed')).toBeVisible();
        await check(page, info, 'login, failed', scheme);
      });
    });

    test(`the virtual routers screen: list, grouped by pod, a group, the side panel, the upgrade confirmation (${scheme})`, async ({ page }, info) => {
      // A dozen axe scans of whole screens: minutes on a busy 2-core machine; a failure shows at once anyway.
      test.setTimeout(480_000);
      await openApp(page);
      await chooseTheme(page, scheme);

      await page.goto('/routers');
      await heading(page, 'Virtual routers');
      await expect(page.getByTestId('router-row').first()).toBeVisible();
      await check(page, info, 'routers, list', scheme);

      await page.getByRole('combobox', { name: 'Select view' }).selectOption('pod');
      const groups = page.getByTestId('group-row');
      await expect(groups.first()).toBeVisible();
      await check(page, info, 'routers, grouped by pod', scheme);

      await groups.first().getByRole('button', { name: /^Routers of / }).click();
      await expect(page.getByRole('heading', { level: 2, name: /^Pod / })).toBeVisible();
      await expect(page.getByTestId('router-row').first()).toBeVisible();
      await check(page, info, 'routers, a pod opened', scheme);

      const stale = page.getByTestId('router-row').filter({ has: page.getByRole('button', { name: /^Upgrade / }) }).first();
      await expect(stale).toBeVisible();
      await stale.getByRole('button', { name: /^Details of / }).click();
      const drawer = page.getByRole('dialog', { name: /^Router / });
      await expect(drawer).toBeVisible();
      await expect(drawer.getByTestId('router-fields')).toBeVisible();
      await check(page, info, 'routers, side panel', scheme);
      for (const tab of ['Network', 'Health checks', 'Events']) {
        await drawer.getByRole('tab', { name: tab }).click();
        await expect(drawer.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        await expect(drawer.locator('.mantine-Loader-root')).toHaveCount(0);
        await check(page, info, `routers, side panel, ${tab} tab`, scheme);
      }

      await drawer.getByRole('button', { name: 'Upgrade', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
      await expect(confirm).toBeVisible();
      await check(page, info, 'routers, upgrade confirmation', scheme);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
    });

    test.describe(() => {
      test.use({ user: 'alice' });
      test(`an end user's instances and console window (${scheme})`, async ({ page, baseURL }, info) => {
        const vm = await aliceRunningVm(baseURL!);
        await openApp(page);
        await chooseTheme(page, scheme);
        await page.goto('/instances');
        await heading(page, 'My instances');
        await expect(page.getByTestId('instance-row').first()).toBeVisible();
        await check(page, info, 'my instances (alice)', scheme);

        await page.goto(`/console/${vm.id}`);
        await expect(page.getByTestId('console-status')).toHaveText(`Connected to ${vm.name}`);
        await check(page, info, 'console window (alice)', scheme);
        await page.getByRole('button', { name: 'Paste text' }).click();
        await expect(page.getByRole('dialog', { name: 'Type text into the VM' })).toBeVisible();
        await check(page, info, 'console window, paste dialog (alice)', scheme);
      });
    });
  });
}

/** A Running VM of alice's, asked of the API with a session of its own. */
async function aliceRunningVm(baseURL: string): Promise<{ id: string; name: string }> {
  const api = await apiAs(baseURL, 'alice');
  try {
    const list = await api.call('listVirtualMachines', { state: 'Running' });
    const vm = (list.virtualmachine as { id: string; name: string }[] | undefined)?.[0];
    expect(vm, 'alice has a running VM').toBeDefined();
    return vm!;
  } finally {
    await api.dispose();
  }
}
