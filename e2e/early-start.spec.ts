import { expect, pageApi, test } from './fixtures';
import { watchEarlyStart } from './earlyStart';

/**
 * The page's first script (src/api/early.ts) starts the session check, the route's code and, with a session, the
 * route's first API calls while the app's own code is still arriving; the app then uses those answers instead of
 * asking again, and does the normal thing when an early request fails.
 */

const ROUTERS_FIRST = 'listRouters pagesize=100';

test('a deep link to /routers asks for the session, the first view (which brings the first routers), listApis and the screen\'s code before the app runs, once each', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const watch = await watchEarlyStart(page, ['session', 'first view', 'listApis', 'RoutersPage.js', 'AppLayout.js', 'parse.js']);
  await page.goto('/routers');
  const before = await watch.beforeEntry;
  expect(before).toEqual(expect.arrayContaining(['early.js', 'session', 'first view', 'listApis', 'RoutersPage.js', 'AppLayout.js', 'parse.js']));
  // The session check is the page's first request after its first script.
  expect(before.indexOf('session')).toBeLessThan(before.indexOf('listApis'));

  await expect(page.getByTestId('router-row').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
  // The app took the early answers: neither is asked for a second time.
  expect(watch.requests.filter((r) => r === 'session')).toHaveLength(1);
  expect(watch.requests.filter((r) => r === 'listApis')).toHaveLength(1);
  // The first routers came with the first view: the page did not ask for them.
  expect(watch.requests.filter((r) => r === 'first view')).toHaveLength(1);
  expect(watch.requests.filter((r) => r === ROUTERS_FIRST)).toHaveLength(0);
  expect(violations).toEqual([]);

  // The key travels in request bodies only: not in a URL, the page's storage or a global.
  const { sessionkey } = await pageApi(page);
  expect(watch.requests.join(' ')).not.toContain(sessionkey);
  const exposed = await page.evaluate((key) => {
    const storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    const globals = Object.keys(window).filter((name) => {
      try {
        return JSON.stringify((window as unknown as Record<string, unknown>)[name])?.includes(key);
      } catch {
        return false;
      }
    });
    return { storage: storage.includes(key), globals, url: location.href.includes(key) };
  }, sessionkey);
  expect(exposed).toEqual({ storage: false, globals: [], url: false });
});

test('when the early session check fails, the app checks the session itself and shows the routers', async ({ page }) => {
  let sessions = 0;
  await page.route('**/client/session', async (route) => {
    sessions += 1;
    if (sessions === 1) await route.abort('connectionreset');
    else await route.continue();
  });
  const watch = await watchEarlyStart(page, ['session']);
  await page.goto('/routers');
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  expect(sessions).toBe(2);
  // Without a session answer the early script sent no call: the app sent its own.
  expect(watch.requests.filter((r) => r === ROUTERS_FIRST)).toHaveLength(1);
});

test('without a first view (the serving process answers 204), the page asks for the first routers; when that fails, the app sends its own and shows the routers', async ({ page }) => {
  await page.route('**/client/first-view/**', (route) => route.fulfill({ status: 204 }));
  let firstPages = 0;
  await page.route('**/client/api', async (route) => {
    const params = new URLSearchParams(route.request().postData() ?? '');
    if (params.get('command') === 'listRouters' && params.get('pagesize') === '100' && ++firstPages === 1) await route.abort('connectionreset');
    else await route.continue();
  });
  const watch = await watchEarlyStart(page, ['session', ROUTERS_FIRST]);
  await page.goto('/routers');
  expect(await watch.beforeEntry).toContain(ROUTERS_FIRST);
  await expect(page.getByTestId('router-row').first()).toBeVisible();
  expect(firstPages).toBe(2);
});

test.describe('without a session', () => {
  test.use({ user: null });

  test('a deep link to /routers sends only the session check, then the login page brings the user back to the routers', async ({ page }) => {
    const watch = await watchEarlyStart(page, ['session']);
    await page.goto('/routers');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    expect(watch.requests.filter((r) => r === 'session')).toHaveLength(1);
    expect(watch.requests.filter((r) => /^list/.test(r))).toEqual([]);

    await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/routers$/);
    await expect(page.getByTestId('router-row').first()).toBeVisible();
  });
});
