import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page, username: string, password: string): Promise<void> {
  // By accessible name: the labels' visible text also holds the required-field asterisk.
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await expect(page.getByRole('textbox', { name: 'Domain', exact: true })).toHaveValue('/');
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('an admin logs in and sees the dashboard figures', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'CloudStack System VMs' })).toBeVisible();

  await logIn(page, 'admin', 'password');

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  for (const id of ['figure-zones', 'figure-routers-total']) {
    const figure = page.getByTestId(id);
    await expect(figure).toHaveText(/^\d[\d,.\s]*$/);
    const value = Number((await figure.innerText()).replace(/\D/g, ''));
    expect(value, id).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('figure-routers-running')).toHaveText(/^\d/);
  await expect(page.getByTestId('figure-routers-upgrade')).toHaveText(/^\d/);
  await expect(page.getByTestId('figure-systemvms-consoleproxy')).toHaveText(/^[1-9]/);

  // The session survives a reload without the key being stored in the browser.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(storage).not.toMatch(/sessionkey/i);
});

test('a wrong password shows the error and creates no session', async ({ page }) => {
  await page.goto('/login');
  await logIn(page, 'admin', 'not-the-password');

  const alert = page.getByRole('alert').filter({ hasText: 'Login failed' });
  await expect(alert).toBeVisible();
  await expect(alert).not.toHaveText(/Login failed\s*$/);
  await expect(page).toHaveURL(/\/login$/);

  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();

  const session = await page.request.get('/client/session');
  expect(session.status()).toBe(401);
});

test('after logging in the user returns to the page they asked for', async ({ page }) => {
  await page.goto('/events');
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, 'admin', 'password');
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
});

test('when the session expires the user logs in again and returns to the page', async ({ page }) => {
  await page.goto('/login');
  await logIn(page, 'admin', 'password');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  // End the session behind the app's back, as a timeout on the server would.
  const session = await page.request.get('/client/session');
  expect(session.status()).toBe(200);
  const { session: current } = (await session.json()) as { session: { sessionkey: string } };
  const ended = await page.request.post('/client/api', {
    form: { command: 'logout', response: 'json', sessionkey: current.sessionkey },
  });
  expect(ended.status()).toBe(200);

  await page.getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('Your session has expired. Log in again.')).toBeVisible();

  await logIn(page, 'admin', 'password');
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
});

test('a network failure at login says so and Retry logs in', async ({ page }) => {
  await page.goto('/login');
  await page.route('**/client/api', (route) => route.abort('connectionrefused'));
  await logIn(page, 'admin', 'password');
  const alert = page.getByRole('alert').filter({ hasText: 'Network error' });
  await expect(alert).toContainText('the management server could not be reached');

  await page.unroute('**/client/api');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
});
