import { expect, test } from '@playwright/test';
import { watchEarlyStart } from './earlyStart';

// Runs in the "via-upstream" project: the page is served by a process that forwards /client/api to a separate
// simulator process, as it would to a real management server. The page's first script (src/api/early.ts) works
// the same there: the session check and the first calls go out before the app runs, and are not repeated.
test('through the forwarding process, a deep link to /routers starts the session check and the first view (with the first routers) before the app runs', async ({ page, baseURL }) => {
  expect(baseURL).toBe(`http://127.0.0.1:${process.env.E2E_FORWARD_PORT}`);
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  // The app's code is held until the first view is seen: its rows come from the forwarding process, which asked the
  // management server for them, before the app has run.
  let release!: () => void;
  const watch = await watchEarlyStart(page, ['session', 'listApis', 'first view', 'RoutersPage.js'], 30_000, new Promise<void>((r) => (release = r)));
  await page.goto('/routers', { waitUntil: 'commit' });
  await expect(page.getByTestId('first-view-row').first()).toBeVisible();
  release();
  expect(await watch.beforeEntry).toEqual(expect.arrayContaining(['session', 'listApis', 'first view', 'RoutersPage.js']));
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  await expect(page.locator('#first-view')).toHaveCount(0);
  expect(watch.requests.filter((r) => r === 'session')).toHaveLength(1);
  expect(watch.requests.filter((r) => r === 'first view')).toHaveLength(1);
  expect(watch.requests.filter((r) => r === 'listRouters pagesize=100')).toHaveLength(0);
});
