import { expect, test } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { HOSTILE_NAMES } from '../server/seed/democloud';
import { logIn } from './fixtures';

// Its own simulator, whose demo cloud gives a router, a network, a VM and an account names full of HTML
// and script: every screen must show them as text and run none of it.
let server: StartedServer;
test.beforeAll(async () => {
  server = await startServer({ port: 0, options: { database: ':memory:', routers: 40, speed: 20, hostileNames: true } });
});
test.afterAll(async () => {
  await server?.close();
});

/** A hostile name each screen shows as text, where it shows one. */
const SHOWN: Record<string, string> = { '/routers': HOSTILE_NAMES.router };

test('names with HTML or script are shown as text on every screen', async ({ page }) => {
  test.setTimeout(120_000);
  const base = server.url.replace(/\/$/, '');
  await logIn(page, 'admin', { base });
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  await page.goto(`${base}/routers`);
  await expect(page.getByText(HOSTILE_NAMES.router, { exact: true }).first()).toBeVisible();

  for (const path of ['/', '/routers', '/systemvms', '/events', '/instances', '/settings', '/templates']) {
    await page.goto(`${base}${path}`);
    // Screens poll, so the network never goes quiet: wait for the page's heading and its first data instead.
    await expect(page.locator('main h1').first(), `heading of ${path}`).toBeVisible();
    // The screen's data has arrived (no loader left), and where it shows a hostile name, the name is shown as text.
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ }), `data of ${path}`).toHaveCount(0);
    const shown = SHOWN[path];
    if (shown) await expect(page.getByText(shown, { exact: true }).first(), `hostile name on ${path}`).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `script ran on ${path}`).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count(), `injected element on ${path}`).toBe(0);
  }
});

test('every response carries a Content-Security-Policy that allows only what the app needs', async ({ request }) => {
  const page = await request.get(server.url);
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  // WebSockets only to this cloud's console proxies, not to any host.
  const connect = /connect-src ([^;]*)/.exec(csp ?? '')?.[1]?.split(' ') ?? [];
  expect(connect).toContain("'self'");
  expect(connect).toContain('ws://127.0.0.1:*');
  expect(connect).not.toContain('ws:');
  expect(connect).not.toContain('wss:');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  const api = await request.get(`${server.url}client/api?command=listZones&response=json`);
  expect(api.status()).toBe(401);
  expect(api.headers()['cache-control']).toBe('no-store');
});

test('a cross-site form post carrying only the cookie is refused', async ({ page, request }) => {
  const login = await request.post(`${server.url}client/api`, {
    form: { command: 'login', username: 'admin', password: 'password', domain: '/', response: 'json' },
  });
  expect(login.status()).toBe(200);
  const cookie = /JSESSIONID=[^;]+/.exec(login.headers()['set-cookie'] ?? '')![0];
  // What a hostile page's form would send: the browser adds the cookie, but the page cannot know the session key.
  const forged = await request.post(`${server.url}client/api`, {
    headers: { Cookie: cookie, Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
    data: 'command=stopRouter&id=00000000-0000-4000-8000-000000000000&response=json',
  });
  expect(forged.status()).toBe(401);
  void page;
});
