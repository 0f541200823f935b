/**
 * The routers tables on a laptop screen (1366x768): row actions in view, the values an admin needs (pod,
 * cluster, host, account) whole, every column sortable, group tables sorted and filtered to the groups
 * requiring an upgrade; and the progressive read: rows from the first page at once, counts that say
 * "N of M read" while a page is held back, and final counts once it arrives.
 */
import { expect, test, type Locator, type Page, type Route } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';

let server: StartedServer;

test.beforeAll(async () => {
  // 1,200 routers: the first request (100), then three pages of 500.
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 1200 } });
});

test.afterAll(async () => {
  await server?.close();
});

test.use({ viewport: { width: 1366, height: 768 } });

async function logIn(page: Page, path: string, heading = 'Virtual routers'): Promise<void> {
  await page.goto(new URL(path, server.url).toString());
  await page.getByRole('textbox', { name: 'Username' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

/** Waits until every page of routers is read (no "N of M read" left). */
async function untilAllRead(page: Page): Promise<void> {
  await expect(page.getByTestId('read-progress')).toHaveCount(0, { timeout: 60_000 });
}

/** The texts of a column in the rows in the DOM, top to bottom. */
async function columnTexts(page: Page, column: string): Promise<string[]> {
  return page.locator(`[data-testid="router-row"] [data-column="${column}"]`).allInnerTexts();
}

const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
function expectOrdered(values: readonly string[], desc: boolean): void {
  expect(values.length).toBeGreaterThan(3);
  for (let i = 1; i < values.length; i++) {
    const c = natural.compare(values[i - 1]!, values[i]!);
    expect(desc ? c >= 0 : c <= 0, `${values[i - 1]} then ${values[i]} (${desc ? 'descending' : 'ascending'})`).toBe(true);
  }
}

/** True when a cell shows its whole text (nothing cut off by the column's width). */
function notTruncated(cell: Locator): Promise<boolean> {
  return cell.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
}

test('at 1366x768 the per-row Upgrade is in view, and pod, cluster, host and account are whole', async ({ page }) => {
  await logIn(page, '/routers?upgrade=yes');
  await untilAllRead(page);
  const row = page.getByTestId('router-row').first();
  const upgrade = row.getByRole('button', { name: /^Upgrade r-/ });
  await expect(upgrade).toBeVisible();
  await expect(upgrade).toBeInViewport({ ratio: 1 });
  // The grid is wider than the screen, yet the Action column, right after the name, is in view without scrolling.
  const table = page.getByTestId('router-table');
  expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await table.evaluate((el) => el.scrollLeft)).toBe(0);
  await expect(row.getByRole('button', { name: /^Details of r-/ })).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('columnheader', { name: 'Action' })).toBeInViewport({ ratio: 1 });

  for (const column of ['pod', 'cluster', 'host', 'account']) {
    const cells = page.locator(`[data-testid="router-row"] [data-column="${column}"]`);
    const n = await cells.count();
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n; i++) expect(await notTruncated(cells.nth(i)), `${column} of row ${i + 1}`).toBe(true);
  }
  // Clicking the per-row Upgrade asks first, for that router.
  const name = (await row.locator('[data-column="name"]').innerText()).trim();
  await upgrade.click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('every column of the router list sorts, both ways, and the order is in the URL', async ({ page }) => {
  await logIn(page, '/routers');
  await untilAllRead(page);
  for (const [label, column] of [
    ['Pod', 'pod'],
    ['Host', 'host'],
    ['Account / domain', 'account'],
    ['Version', 'version'],
  ] as const) {
    const header = page.getByRole('columnheader', { name: new RegExp(`^${label.replace('/', '\\/')}`) });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(page).toHaveURL(new RegExp(`sort=${column}(&|$)`));
    expectOrdered(await columnTexts(page, column), false);
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(new RegExp(`sort=-${column}(&|$)`));
    expectOrdered(await columnTexts(page, column), true);
  }
});

test('a group table sorts by any column and filters to the groups requiring an upgrade', async ({ page }) => {
  await logIn(page, '/routers?view=cluster');
  await untilAllRead(page);
  const rows = page.getByTestId('group-row');
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  const numbers = async (testId: string) => (await page.getByTestId(testId).allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));

  // Counts sort largest first on the first click, then the other way.
  const requiring = page.getByRole('columnheader', { name: /^Requiring upgrade/ });
  await requiring.getByRole('button').click();
  await expect(requiring).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/gsort=-requiring/);
  const desc = await numbers('group-requiring-upgrade');
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await requiring.getByRole('button').click();
  await expect(requiring).toHaveAttribute('aria-sort', 'ascending');
  const asc = await numbers('group-requiring-upgrade');
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  const totals = page.getByRole('columnheader', { name: /^Routers/ });
  await totals.getByRole('button').click();
  const byTotal = await numbers('group-total');
  expect(byTotal).toEqual([...byTotal].sort((a, b) => b - a));

  const names = page.getByRole('columnheader', { name: /^Cluster/ });
  await names.getByRole('button').click();
  await expect(names).toHaveAttribute('aria-sort', 'ascending');
  expectOrdered(await page.getByRole('button', { name: /^Routers of / }).allInnerTexts(), false);

  // Only the groups with routers requiring an upgrade, the filter in the URL; a reload keeps it.
  const zero = (await numbers('group-requiring-upgrade')).filter((n) => n === 0).length;
  // The URL changes in a transition: click, then wait for the box to show it.
  const only = page.getByRole('checkbox', { name: 'Only clusters with routers requiring upgrade' });
  await only.click();
  await expect(only).toBeChecked();
  await expect(page).toHaveURL(/groups=upgrade/);
  await expect(rows).toHaveCount(all - zero);
  expect((await numbers('group-requiring-upgrade')).every((n) => n > 0)).toBe(true);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Only clusters with routers requiring upgrade' })).toBeChecked();
  await expect(rows).toHaveCount(all - zero);
});

test('rows show from the first page; counts and groups say "N of M read" until the last page arrives', async ({ page }) => {
  await logIn(page, '/', 'Dashboard');
  // Hold the last page of listRouters (page 3 of 500) until the test lets it go.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  await page.route('**/client/api', async (route: Route) => {
    const p = new URLSearchParams(route.request().postData() ?? '');
    if (p.get('command') === 'listRouters' && p.get('pagesize') === '500' && p.get('page') === '3') {
      held += 1;
      await released;
    }
    await route.continue();
  });

  await page.goto(new URL('/routers?view=pod', server.url).toString());
  await expect(page.getByTestId('group-row').first()).toBeVisible();
  await expect(page.getByTestId('group-counts')).toContainText('1,000 of 1,200 read');
  expect(held).toBe(1);
  // A group's count is not final: its upgrade waits for the last page.
  const stale = page.getByTestId('group-row').filter({ has: page.getByTestId('group-requiring-upgrade').filter({ hasNotText: /^0$/ }) }).first();
  await expect(stale.getByRole('button', { name: /^Upgrade the routers of / })).toBeDisabled();

  await page.getByRole('combobox', { name: 'Select view' }).selectOption('all');
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  await expect(page.getByTestId('router-counts')).toHaveText(/^1,000 routers, .* · still reading: 1,000 of 1,200 read$/);

  release();
  await untilAllRead(page);
  await expect(page.getByTestId('router-counts')).toHaveText(/^1,200 routers, [\d,]+ requiring upgrade, [\d,]+ running$/);
  await page.getByRole('combobox', { name: 'Select view' }).selectOption('pod');
  await expect(page.getByTestId('group-counts')).toHaveText(/pod groups, 1,200 routers$/);
  await expect(stale.getByRole('button', { name: /^Upgrade the routers of / })).toBeEnabled();
});

test('the dashboard counts routers requiring upgrade progressively, saying how many it has read', async ({ page }) => {
  await logIn(page, '/routers');
  await untilAllRead(page);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/client/api', async (route: Route) => {
    const p = new URLSearchParams(route.request().postData() ?? '');
    if (p.get('command') === 'listRouters' && p.get('pagesize') === '500' && p.get('page') === '3') await released;
    await route.continue();
  });
  // A fresh page: the cache is empty, the dashboard reads the routers again.
  await page.goto(new URL('/', server.url).toString());
  const figure = page.getByRole('group', { name: 'Routers requiring upgrade' });
  await expect(figure.getByTestId('read-progress')).toHaveText('Still counting: 1,000 of 1,200 routers read');
  release();
  await expect(figure.getByTestId('read-progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(figure.getByTestId('figure-routers-upgrade')).toHaveText(/^[\d,]+$/);
});
