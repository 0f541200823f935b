import { expect, test } from '@playwright/test';

// Runs in the "via-upstream" project: the page is served by a process that forwards /client/api to a
// separate simulator process, as it would to a real management server.
test('an admin logs in and lists routers through the forwarding process', async ({ page, baseURL }) => {
  expect(baseURL).toBe(`http://127.0.0.1:${process.env.E2E_FORWARD_PORT}`);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const total = Number((await page.getByTestId('figure-routers-total').innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThan(0);

  await page.goto('/routers');
  await expect(page.getByRole('heading', { name: /Virtual routers/i, level: 1 })).toBeVisible();
  await expect(page.getByText(/r-\d+-VM/).first()).toBeVisible();

  // A reload keeps the session: the forwarder remembers the key of the HttpOnly cookie it saw at login.
  await page.reload();
  await expect(page.getByRole('heading', { name: /Virtual routers/i, level: 1 })).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).not.toContain('sessionkey');
  expect(cookies.find((c) => c.name === 'JSESSIONID')?.httpOnly).toBe(true);
});
