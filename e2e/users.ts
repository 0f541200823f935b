import { expect, type Page } from '@playwright/test';
import { logIn, USERS, type User } from './fixtures';

/** The demo users and the domain each logs in with (e2e/fixtures.ts). */
export const DEMO_DOMAINS = USERS;
export type DemoUser = User;

/**
 * Logs in through the login form as a demo user (a session of the page's own, not the run's stored one),
 * and waits for the landing page's heading: these tests are about where each role lands.
 */
export async function logInAs(page: Page, user: DemoUser): Promise<void> {
  await logIn(page, user);
  await expect(page.locator('main h1').first()).toBeVisible();
}

/** The names of the main navigation's links, in order. */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link').first()).toBeVisible();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}
