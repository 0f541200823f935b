/**
 * What the end-to-end tests share: the demo users, one login per user made once per run (a Playwright
 * `storageState` written by e2e/auth.setup.ts), a login through the page for tests of logging in or of a
 * server of their own, and an API client for reading what the API can tell.
 *
 * A spec imports `test` and `expect` from here. Its pages are logged in as admin unless it says otherwise:
 * `test.use({ user: 'alice' })`, or `test.use({ user: null })` for a page with no session. `pageAs(user)` opens
 * a second logged-in page (another browser context) in the same test.
 *
 * A test that logs out, or ends its session, must log in on its own first (`logIn`): the stored sessions are
 * shared by every spec of the run.
 */
import { join } from 'node:path';
import { expect, request as playwrightRequest, test as base, type Page } from '@playwright/test';

/** The demo cloud's users (server/seed/democloud.ts) and the paths of their domains; every password is "password". */
export const USERS = {
  admin: '/',
  'eng-admin': '/ROOT/Engineering/',
  alice: '/ROOT/Engineering/',
  carol: '/ROOT/Engineering/QA/',
  bob: '/ROOT/Sales/',
  dave: '/ROOT/Support/',
} as const;
export type User = keyof typeof USERS;
export const PASSWORD = 'password';

/** Where the stored login of a user is kept for this run (per port, as the run's other artifacts). */
export function authFile(user: User): string {
  return join('test-results', `auth-${process.env.E2E_PORT ?? 'local'}`, `${user}.json`);
}

/**
 * Logs in through the login page at `base` (default: the test's baseURL) and waits until the app has left it.
 * For tests of logging in, tests that log out, and servers started by a test.
 */
export async function logIn(page: Page, user: User, options: { base?: string; path?: string; password?: string } = {}): Promise<void> {
  const base = options.base ?? '';
  await page.goto(`${base}/login`);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(options.password ?? PASSWORD);
  await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(USERS[user]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login$/);
  if (options.path) await page.goto(`${base}${options.path}`);
}

/** A CloudStack API client with a session of its own (`call` answers the command's response envelope). */
export interface ApiClient {
  sessionkey: string;
  call(command: string, params?: Record<string, string | number | boolean>): Promise<Record<string, unknown>>;
  dispose(): Promise<void>;
}

/** Logs `user` in to the API at `baseURL` (its own request context, not a page's) and answers a client. */
export async function apiAs(baseURL: string, user: User): Promise<ApiClient> {
  // No cookies: the runner would otherwise give the context the test's stored session, and a login replaces
  // the session its cookie names (server/auth/commands.ts), logging the test's pages out.
  const api = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const login = await api.post('/client/api', { form: { command: 'login', response: 'json', username: user, password: PASSWORD, domain: USERS[user] } });
  expect(login.status(), `login of ${user}`).toBe(200);
  const sessionkey = String(((await login.json()) as { loginresponse: { sessionkey: string } }).loginresponse.sessionkey);
  return {
    sessionkey,
    async call(command, params = {}) {
      const form = Object.fromEntries(Object.entries({ command, response: 'json', sessionkey, ...params }).map(([k, v]) => [k, String(v)]));
      const res = await api.post('/client/api', { form });
      const body = (await res.json()) as Record<string, Record<string, unknown>>;
      const envelope = body[`${command.toLowerCase()}response`] ?? {};
      if (res.status() !== 200) throw new Error(`${command}: ${res.status()} ${String(envelope.errortext ?? '')}`);
      return envelope;
    },
    dispose: () => api.dispose(),
  };
}

/** The page's own session (its cookie and the session key the serving process remembers for it) as an API client. */
export async function pageApi(page: Page, base = ''): Promise<Omit<ApiClient, 'dispose'>> {
  const session = await page.request.get(`${base}/client/session`);
  expect(session.status(), 'the page has a session').toBe(200);
  const { sessionkey } = ((await session.json()) as { session: { sessionkey: string } }).session;
  return {
    sessionkey,
    async call(command, params = {}) {
      const form = Object.fromEntries(Object.entries({ command, response: 'json', sessionkey, ...params }).map(([k, v]) => [k, String(v)]));
      const res = await page.request.post(`${base}/client/api`, { form });
      const body = (await res.json()) as Record<string, Record<string, unknown>>;
      const envelope = body[`${command.toLowerCase()}response`] ?? {};
      if (res.status() !== 200) throw new Error(`${command}: ${res.status()} ${String(envelope.errortext ?? '')}`);
      return envelope;
    },
  };
}

export const test = base.extend<{ user: User | null; pageAs: (user: User) => Promise<Page> }>({
  user: ['admin', { option: true }],
  storageState: async ({ user }, use) => {
    await use(user ? authFile(user) : { cookies: [], origins: [] });
  },
  pageAs: async ({ browser, baseURL }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (user) => {
      const context = await browser.newContext({ baseURL, storageState: authFile(user) });
      contexts.push(context);
      return context.newPage();
    });
    for (const c of contexts) await c.close();
  },
});

export { expect };
