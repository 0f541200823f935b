import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { consolesOf } from '../server/console/service';
import { makeTestPki, type TestPki } from '../server/testing/certificates';

/**
 * After a login and a certificate upload through the app, no password, session key or private key is in
 * the server's log, its other output, the browser's storage, a cookie a page script can read, or a URL.
 */
let server: StartedServer;
let pki: TestPki;
let dir: string;
const logLines: string[] = [];
let captured = '';
const restore: (() => void)[] = [];

test.beforeAll(async () => {
  // Everything this process writes while the test runs is inspected, not only the server's log callback.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write as typeof stream.write;
    });
  }
  pki = makeTestPki('consoleproxy.test');
  dir = mkdtempSync(join(tmpdir(), 'cs-e2e-secrets-'));
  server = await startServer({
    port: 0,
    options: { database: join(dir, 'simulator.db'), routers: 20, speed: 20 },
    log: (line) => logLines.push(line),
  });
  await consolesOf(server.running.sim).ready();
});

test.afterAll(async () => {
  for (const r of restore) r();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  pki?.remove();
});

async function browserState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, unknown> = {
      local: { ...localStorage },
      session: { ...sessionStorage },
      cookie: document.cookie,
      url: location.href,
      history: history.length,
    };
    if ('indexedDB' in window && indexedDB.databases) dump.idb = await indexedDB.databases();
    if ('caches' in window) dump.caches = await caches.keys();
    return JSON.stringify(dump);
  });
}

test('no password, session key or private key in logs, browser storage or URLs', async ({ page }) => {
  test.setTimeout(120_000);
  const base = server.url.replace(/\/$/, '');
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  let sessionkey = '';
  page.on('response', async (r) => {
    if (r.url().endsWith('/client/api') && r.request().postData()?.includes('command=login')) {
      sessionkey = ((await r.json()) as { loginresponse?: { sessionkey?: string } }).loginresponse?.sessionkey ?? '';
    }
  });

  await page.goto(`${base}/login`);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  expect(sessionkey.length).toBeGreaterThan(10);

  await page.goto(`${base}/certificates`);
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });
  await field('Domain suffix').fill('*.consoleproxy.test');
  await field('Server certificate').fill(pki.server);
  await field('Private key (PKCS#8)').fill(pki.serverKey);
  await page.getByRole('button', { name: 'Add a chain certificate' }).click();
  await page.getByRole('button', { name: 'Add a chain certificate' }).click();
  await field('Chain certificate 1').fill(pki.intermediate);
  await field('Chain certificate 2').fill(pki.root);
  await page.getByRole('button', { name: 'Upload certificate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Upload and restart' }).click();
  await expect(page.getByText('The certificate is in place')).toBeVisible({ timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Console proxy SSL certificate' })).toBeVisible();

  // The distinctive parts of each secret.
  const keyBody = pki.serverKey.split('\n').filter((l) => l && !l.startsWith('-----'));
  const secrets = [sessionkey, ...keyBody.slice(1, 4)];
  const logs = logLines.join('\n') + '\n' + captured;
  expect(logLines.length, 'the server logged its requests').toBeGreaterThan(5);
  const state = await browserState(page);
  for (const [where, text] of [['server log', logs], ['browser storage', state], ['URLs', urls.join('\n')]] as const) {
    for (const s of secrets) expect(text.includes(s), `a secret is in the ${where}`).toBe(false);
    expect(text, `a private key is in the ${where}`).not.toMatch(/PRIVATE KEY/);
    expect(text, `a password is in the ${where}`).not.toMatch(/password=|"password"\s*:|password"?\s*[:=]\s*"?password/i);
  }
  // The session cookie is out of reach of page scripts.
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'JSESSIONID')?.httpOnly).toBe(true);
  expect(cookies.map((c) => c.name)).not.toContain('sessionkey');
  // And the database keeps only a salted hash of the password (no API answers a password or its hash).
  const hashes = server.running.sim.db.prepare("SELECT passwordhash FROM users WHERE username = 'admin'").get() as { passwordhash: string };
  expect(hashes.passwordhash).toMatch(/^scrypt\$/);
});
