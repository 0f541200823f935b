/**
 * Issue 16, console connection failures: a console that does not open says which address it tried and why —
 * the cause the serving process found on loopback (POST /client/console/diagnosis), with Node's error code:
 * a proxy name that does not resolve (consoleproxy.url.domain set to a .invalid domain), a closed port
 * (refused), a proxy serving a self-signed certificate (not trusted). The page's own policy (CSP) block is
 * in console-kind.spec.ts. Retry connects once the cause is gone.
 *
 * This spec runs its own server (its own temporary database): it stops proxies' listeners and gives them a
 * certificate, which must not leak into the other specs' shared server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { consolesOf } from '../server/console/service';
import { CONSOLE_DIAGNOSIS_API } from '../src/api/consoleDiagnosis';
import { apiAs, logIn, USERS, PASSWORD, type ApiClient, type User } from './fixtures';

let server: StartedServer;
let dbDir: string;
let base: string;
let admin: ApiClient;
let vm: { id: string; name: string; zoneid: string };
let proxyId: string;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 }, storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  dbDir = mkdtempSync(join(tmpdir(), 'cs-e2e-console-diag-'));
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: join(dbDir, 'simulator.db'), routers: 10, speed: 20 } });
  await consolesOf(server.running.sim).ready();
  base = server.url.replace(/\/$/, '');
  admin = await apiAs(base, 'admin');
  const alice = await apiAs(base, 'alice');
  vm = ((await alice.call('listVirtualMachines', { state: 'Running' })).virtualmachine as typeof vm[])[0]!;
  await alice.dispose();
  const proxies = (await admin.call('listSystemVms', { systemvmtype: 'consoleproxy', zoneid: vm.zoneid })).systemvm as { id: string; state: string }[];
  proxyId = proxies.find((p) => p.state === 'Running')!.id;
});

test.afterAll(async () => {
  await admin?.dispose();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

const status = (page: Page) => page.getByTestId('console-status');

/**
 * Sets (or, with undefined, resets) the zone's consoleproxy.url.domain and applies it as the management server
 * does after a restart: the setting is not dynamic (ConsoleProxyManager's ConfigKey).
 */
async function consoleDomain(value: string | undefined): Promise<void> {
  if (value === undefined) await admin.call('resetConfiguration', { name: 'consoleproxy.url.domain', zoneid: vm.zoneid });
  else await admin.call('updateConfiguration', { name: 'consoleproxy.url.domain', value, zoneid: vm.zoneid });
  server.running.sim.settings.takeSnapshot();
}

async function openConsole(page: Page, policyNames?: string): Promise<void> {
  // A changed consoleproxy.url.domain reaches the page's policy within a second (server/http/app.ts).
  if (policyNames) await expect.poll(async () => (await page.request.get(`${base}/`)).headers()['content-security-policy'], { timeout: 30_000 }).toContain(policyNames);
  await logIn(page, 'alice', { base });
  await page.goto(`${base}/console/${vm.id}`);
}

async function retryConnects(page: Page): Promise<void> {
  await page.getByTestId('console-failure').getByRole('button', { name: 'Retry' }).click();
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`, { timeout: 30_000 });
  await expect(page.getByTestId('console-failure')).toHaveCount(0);
}

test('a proxy name that does not resolve: the address and "does not resolve" with the resolver code', async ({ page }) => {
  await consoleDomain('*.console.invalid');
  try {
    await openConsole(page, 'console.invalid');
    const failure = page.getByTestId('console-failure');
    await expect(failure).toBeVisible({ timeout: 60_000 });
    await expect(failure).toHaveAttribute('data-cause', 'name-not-resolved');
    await expect(page.getByTestId('console-address')).toHaveText(/^ws:\/\/\d+-\d+-\d+-\d+\.console\.invalid:\d+\/websockify$/);
    await expect(page.getByTestId('console-cause')).toContainText(/The name \d+-\d+-\d+-\d+\.console\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA)\)/);
    // Not a list of possible causes: the cause.
    await expect(failure.getByRole('listitem')).toHaveCount(0);
    await expect(failure).not.toContainText('token');
  } finally {
    await consoleDomain(undefined);
  }
  await retryConnects(page);
});

test('a closed port: the address and "refused the connection (ECONNREFUSED)"', async ({ page }) => {
  const consoles = consolesOf(server.running.sim);
  let port = '';
  // The proxy's listener goes away between the endpoint's answer and the browser's connection.
  await page.route('**/client/api', async (route) => {
    if (!(route.request().postData() ?? '').includes('command=createConsoleEndpoint')) return route.fallback();
    const res = await route.fetch();
    const json = (await res.json()) as { createconsoleendpointresponse: { consoleendpoint: { websocket: { port: string } } } };
    port = json.createconsoleendpointresponse.consoleendpoint.websocket.port;
    await consoles.stopProxy(proxyId, 'held by the test');
    await route.fulfill({ response: res, json });
  });
  await openConsole(page);
  const failure = page.getByTestId('console-failure');
  await expect(failure).toBeVisible({ timeout: 60_000 });
  await expect(failure).toHaveAttribute('data-cause', 'refused');
  await expect(page.getByTestId('console-address')).toHaveText(`ws://127.0.0.1:${port}/websockify`);
  await expect(page.getByTestId('console-cause')).toHaveText(
    `127.0.0.1:${port} refused the connection (ECONNREFUSED): the console proxy is not running there, or not listening on port ${port}.`,
  );
  await page.unroute('**/client/api');
  await consoles.startProxy(proxyId);
  await retryConnects(page);
});

test('a proxy with a self-signed certificate: "not trusted" with the X.509 code', async ({ page }) => {
  const consoles = consolesOf(server.running.sim);
  const dir = mkdtempSync(join(tmpdir(), 'cs-e2e-selfsigned-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  // The zone's proxy restarts serving the certificate under the fixed name localhost (consoleproxy.url.domain).
  await consoleDomain('localhost');
  consoles.useTls(() => ({ key, cert, ca: [], domainsuffix: 'localhost' }));
  await consoles.stopProxy(proxyId, 'restarted by the test');
  await consoles.startProxy(proxyId);
  try {
    await openConsole(page, 'wss://localhost:*');
    const failure = page.getByTestId('console-failure');
    await expect(failure).toBeVisible({ timeout: 60_000 });
    await expect(failure).toHaveAttribute('data-cause', 'certificate-not-trusted');
    await expect(page.getByTestId('console-address')).toHaveText(/^wss:\/\/localhost:\d+\/websockify$/);
    await expect(page.getByTestId('console-cause')).toContainText("The console proxy's certificate for localhost is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)");
    await expect(failure.getByRole('link', { name: 'Check the certificate in a new tab' })).toHaveAttribute('href', /^https:\/\/localhost:\d+\/$/);
  } finally {
    consoles.useTls(() => undefined);
    await consoleDomain(undefined);
    await consoles.stopProxy(proxyId, 'restarted by the test');
    await consoles.startProxy(proxyId);
  }
  await retryConnects(page);
});

/** A session of `user` as the page has one: the JSESSIONID cookie in the context and the session key. */
async function sessionOf(user: User) {
  const ctx = await playwrightRequest.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
  const login = await ctx.post('/client/api', { form: { command: 'login', response: 'json', username: user, password: PASSWORD, domain: USERS[user] } });
  const sessionkey = String(((await login.json()) as { loginresponse: { sessionkey: string } }).loginresponse.sessionkey);
  const diagnose = (token: string) => ctx.post(CONSOLE_DIAGNOSIS_API, { headers: { sessionkey, 'content-type': 'application/json' }, data: JSON.stringify({ token }) });
  const endpoint = async () => {
    const res = await ctx.post('/client/api', { form: { command: 'createConsoleEndpoint', response: 'json', sessionkey, virtualmachineid: vm.id } });
    return ((await res.json()) as { createconsoleendpointresponse: { consoleendpoint: { websocket: { token: string } } } }).createconsoleendpointresponse.consoleendpoint.websocket.token;
  };
  return { ctx, sessionkey, diagnose, endpoint };
}

test('the diagnosis is for a token the caller was given: its owner and root admins only, never an address named by the caller', async () => {
  const alice = await sessionOf('alice');
  const bob = await sessionOf('bob');
  const root = await sessionOf('admin');
  try {
    const token = await alice.endpoint();
    const mine = await alice.diagnose(token);
    expect(mine.status()).toBe(200);
    expect(await mine.json()).toMatchObject({ host: '127.0.0.1', secure: false, cause: 'reached', steps: [{ step: 'connect', ok: true }] });
    expect((await root.diagnose(token)).status()).toBe(200);
    // Another user's token, an unknown token, or an address instead of a token: nothing is tried.
    expect((await bob.diagnose(token)).status()).toBe(404);
    expect((await alice.diagnose('x'.repeat(43))).status()).toBe(404);
    const named = await alice.ctx.post(CONSOLE_DIAGNOSIS_API, {
      headers: { sessionkey: alice.sessionkey, 'content-type': 'application/json' }, data: JSON.stringify({ token, host: '10.0.0.1', port: 22 }),
    });
    expect(named.status()).toBe(400);
    // Without the session key (the cookie alone), nothing is answered.
    const noKey = await alice.ctx.post(CONSOLE_DIAGNOSIS_API, { headers: { 'content-type': 'application/json' }, data: JSON.stringify({ token }) });
    expect(noKey.status()).toBe(401);
  } finally {
    for (const s of [alice, bob, root]) await s.ctx.dispose();
  }
});
