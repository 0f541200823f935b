import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { watchEarlyStart } from './earlyStart';

/**
 * The routers' first view (server/http/firstView.ts, src/api/early.ts): on /routers the serving process draws the
 * first page of routers, as the screen will show it, before the app's code has run; the app then shows its own
 * table in its place, from the same answer. The app's code is held here until the test has seen the first view, so
 * that nothing depends on which comes first on this machine.
 */

/** Opens `path` with the app's code held until the returned `release` is called. */
async function openHeld(page: Page, path: string) {
  let release!: () => void;
  const watch = await watchEarlyStart(page, ['session', 'first view'], 30_000, new Promise<void>((r) => (release = r)));
  await page.goto(path, { waitUntil: 'commit' });
  return { watch, release };
}

/** The first `n` router names of the app's table, top to bottom. */
async function appNames(page: Page, n: number): Promise<string[]> {
  const rows = page.getByTestId('router-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.evaluateAll((els) =>
    els
      .map((el) => ({ top: el.getBoundingClientRect().top, name: el.querySelector('[data-column="name"]')?.textContent?.trim() ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.name),
  );
  return names.slice(0, n);
}

test('a deep link to /routers shows the first routers before the app runs; the app\'s own table takes their place, in the same order', async ({ page }) => {
  const { watch, release } = await openHeld(page, '/routers');
  const firstView = page.locator('#first-view');
  await expect(page.getByTestId('first-view-row').first()).toBeVisible();
  // Drawn before the app's code has run: the frame's own heading is not there yet.
  await expect(page.locator('#root')).toBeEmpty();
  await expect(firstView.getByRole('heading', { includeHidden: true, name: 'Virtual routers' })).toBeAttached();
  await expect(firstView).toContainText(/(100 of [\d,]+|[\d,]+ routers?) read/);
  const drawn = (await page.getByTestId('first-view-row').locator('td:nth-child(2)').allTextContents()).slice(0, 10);
  expect(drawn).toHaveLength(10);
  const before = await page.getByTestId('first-view-row').first().locator('td:nth-child(2)').boundingBox();

  release();
  await watch.beforeEntry;
  expect(await appNames(page, 10)).toEqual(drawn);
  await expect(firstView).toHaveCount(0);
  // The app's table stands where the first view's stood: its first name is where the first view drew it.
  const after = await page.getByRole('button', { name: `Details of ${drawn[0]}` }).boundingBox();
  expect(Math.abs(after!.y + after!.height / 2 - (before!.y + before!.height / 2))).toBeLessThanOrEqual(3);
  expect(Math.abs(after!.x - (before!.x + 8))).toBeLessThanOrEqual(3);
  // The app's rows work as always.
  await page.getByRole('button', { name: `Details of ${drawn[0]}` }).click();
  await expect(page.getByRole('dialog')).toContainText(drawn[0]!);
});

test('the first view follows the page\'s query: its columns, filters and order are the screen\'s', async ({ page }) => {
  const { release } = await openHeld(page, '/routers?cols=name,state,zone&state=Running&sort=-name');
  await expect(page.getByTestId('first-view-row').first()).toBeVisible();
  const headers = await page.locator('#first-view th').allTextContents();
  expect(headers).toEqual(['', 'Name', 'Action', 'State', 'Zone']);
  const states = await page.getByTestId('first-view-row').locator('td:nth-child(4)').allTextContents();
  expect(new Set(states)).toEqual(new Set(['Running']));
  const drawn = (await page.getByTestId('first-view-row').locator('td:nth-child(2)').allTextContents()).slice(0, 5);
  release();
  expect(await appNames(page, 5)).toEqual(drawn);
  await expect(page.locator('#first-view')).toHaveCount(0);
});

test('the first view is drawn in the colour scheme the app will take', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('mantine-color-scheme-value', 'dark'));
  const { release } = await openHeld(page, '/routers');
  await expect(page.getByTestId('first-view-row').first()).toBeVisible();
  expect(await page.locator('#first-view').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(36, 36, 36)');
  release();
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  expect(await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(36, 36, 36)');
});

test('an error the app shows instead of the routers is not hidden under the first view', async ({ page }) => {
  // Every session check fails (the page's and the app's own): the app says so, in place of the first view.
  await page.route('**/client/session', (route) => route.abort('connectionreset'));
  const { release } = await openHeld(page, '/routers');
  await expect(page.getByTestId('first-view-row').first()).toBeVisible();
  release();
  await expect(page.getByText('Could not check your session')).toBeVisible();
  await expect(page.locator('#first-view')).toHaveCount(0);
});

test('a first view that comes after the app has drawn itself is not drawn over it; its routers are the app\'s', async ({ page }) => {
  // Whether an overlay was ever in the page.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.getElementById('first-view')) (window as unknown as { overlaySeen: boolean }).overlaySeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  let releaseView!: () => void;
  const viewHeld = new Promise<void>((r) => (releaseView = r));
  await page.route('**/client/first-view/**', async (route) => {
    await viewHeld;
    await route.continue();
  });
  const apiRouters: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/client/api') && new URLSearchParams(r.postData() ?? '').get('command') === 'listRouters') apiRouters.push(r.postData() ?? '');
  });
  await page.goto('/routers', { waitUntil: 'commit' });
  // The app's frame is drawn while the first view is held (a slow management server).
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  releaseView();
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { overlaySeen?: boolean }).overlaySeen ?? false)).toBe(false);
  // The first page came with the first view: the page did not ask for it.
  expect(apiRouters.filter((body) => /pagesize=100\b/.test(body))).toEqual([]);
});

test('when the app\'s code does not load, the first view says so', async ({ page }) => {
  await page.route(/\/assets\/app-[\w-]+\.js$/, (route) => route.abort('connectionreset'));
  await page.goto('/routers', { waitUntil: 'commit' });
  await expect(page.locator('#first-view .fv-read')).toHaveText("The console's code did not load. Reload the page to try again.");
});

test('a grouped view has no first view: the app shows its groups', async ({ page }) => {
  const { watch, release } = await openHeld(page, '/routers?view=pod');
  release();
  await expect(page.getByTestId('group-row').first()).toBeVisible();
  expect(watch.requests).toContain('first view');
  await expect(page.locator('#first-view')).toHaveCount(0);
  // Without a first view the page asked for the first routers itself.
  expect(watch.requests).toContain('listRouters pagesize=100');
});

test.describe('an end user', () => {
  test.use({ user: 'alice' });

  test('gets no first view of routers (they may not list them)', async ({ page }) => {
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/client/first-view/')) answers.push(r.status());
    });
    await page.goto('/routers');
    await expect(page.locator('main h1').first()).toBeVisible();
    expect(answers).toEqual([204]);
    await expect(page.locator('#first-view')).toHaveCount(0);
    await expect(page.getByTestId('first-view-row')).toHaveCount(0);
  });
});

test.describe('without a session', () => {
  test.use({ user: null });

  test('there is no first view; the login page shows', async ({ page }) => {
    await page.goto('/routers');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('#first-view')).toHaveCount(0);
  });
});
