import { expect, type Page } from '@playwright/test';

/** The demo users and the domain each logs in with (server/seed/democloud.ts). */
export const DEMO_DOMAINS = {
  admin: '/',
  'eng-admin': '/ROOT/Engineering/',
  alice: '/ROOT/Engineering/',
  carol: '/ROOT/Engineering/QA/',
  bob: '/ROOT/Sales/',
  dave: '/ROOT/Support/',
} as const;
export type DemoUser = keyof typeof DEMO_DOMAINS;

/** Logs in through the login form as a demo user, and waits for the landing page's heading. */
export async function logInAs(page: Page, user: DemoUser): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(DEMO_DOMAINS[user]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login$/);
  await expect(page.locator('main h1').first()).toBeVisible();
}

/** The names of the main navigation's links, in order. */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link').first()).toBeVisible();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}
