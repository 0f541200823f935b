import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { consolesOf } from '../server/console/service';
import { activeCertificate } from '../server/certificates/store';
import { makeTestPki, type TestPki } from '../server/testing/certificates';
import { apiAs, logIn as logInAs, type ApiClient } from './fixtures';

/**
 * The console proxy's certificate, end to end: a CA, an intermediate and a wildcard certificate for
 * *.consoleproxy.test are made with openssl here; the admin uploads them through the form; the proxies
 * then present that certificate, and a console opens over wss in a browser that resolves the proxy's name.
 *
 * This spec runs its own server (its own temporary database): the upload restarts the proxies and turns
 * TLS on, which must not leak into the other specs' shared server.
 */

let pki: TestPki;
let server: StartedServer;
let dbDir: string;
let base: string;
let admin: ApiClient;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  pki = makeTestPki('consoleproxy.test');
  dbDir = mkdtempSync(join(tmpdir(), 'cs-e2e-cert-'));
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: join(dbDir, 'simulator.db'), routers: 20, speed: 20 } });
  await consolesOf(server.running.sim).ready();
  base = server.url.replace(/\/$/, '');
  admin = await apiAs(base, 'admin');
});

test.afterAll(async () => {
  await admin?.dispose();
  await server?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  pki?.remove();
});

const logIn = (page: Page) => logInAs(page, 'admin', { base });

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

/** Fills the form with the good upload: the wildcard certificate, its PKCS#8 key, intermediate then root. */
async function fillGood(page: Page): Promise<void> {
  await field(page, 'Domain suffix').fill('*.consoleproxy.test');
  await field(page, 'Server certificate').fill(pki.server);
  await field(page, 'Private key (PKCS#8)').fill(pki.serverKey);
  await page.getByRole('button', { name: 'Add a chain certificate' }).click();
  await page.getByRole('button', { name: 'Add a chain certificate' }).click();
  await field(page, 'Chain certificate 1').fill(pki.intermediate);
  await field(page, 'Chain certificate 2').fill(pki.root);
}

async function runningProxies(): Promise<{ id: string; publicip: string; zoneid: string }[]> {
  const r = await admin.call('listSystemVms', { systemvmtype: 'consoleproxy', state: 'Running' });
  return (r.systemvm ?? []) as { id: string; publicip: string; zoneid: string }[];
}

function handshake(port: number, servername: string, ca: string): Promise<{ cert: DetailedPeerCertificate; authorized: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate(true);
      resolve({ cert, authorized: socket.authorized, ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}) });
      socket.end();
    });
    socket.on('error', reject);
  });
}

test('the admin uploads the certificate through the form; the proxies serve it and a console opens over wss', async ({ page }) => {
  test.setTimeout(240_000);
  const proxiesBefore = await runningProxies();
  expect(proxiesBefore.length).toBeGreaterThan(0);
  expect(activeCertificate(server.running.sim.db)).toBeUndefined();

  await logIn(page);
  await page.goto(`${base}/certificates`);
  await expect(page.getByRole('heading', { name: 'Console proxy SSL certificate' })).toBeVisible();
  await expect(page.getByTestId('current-console-domain')).toContainText('no certificate is in use');
  await fillGood(page);

  // What the certificates say about themselves is shown before anything is sent.
  const summary = page.getByRole('table', { name: 'Server certificate' });
  await expect(summary).toContainText('CN=*.consoleproxy.test');
  await expect(summary).toContainText('DNS:*.consoleproxy.test');
  await expect(summary).toContainText('Test Intermediate CA');
  await expect(page.getByRole('table', { name: 'Chain certificate 2' })).toContainText('(self-signed)');
  await expect(page.getByText('PKCS#8 key, RSA 2048 bits, belongs to the server certificate.')).toBeVisible();
  // The page never holds the key itself: the field shows a mask (nothing for a screenshot or a screen reader).
  await expect(field(page, 'Private key (PKCS#8)')).toHaveValue(/^\[Private key pasted: \d+ lines, hidden/);
  expect(await page.content()).not.toContain(pki.serverKey.split('\n')[1]!);

  const upload = page.getByRole('button', { name: 'Upload certificate' });
  await expect(upload).toBeEnabled();
  await upload.click();
  const dialog = page.getByRole('dialog', { name: 'Upload the certificate and restart the console proxies?' });
  await expect(dialog).toContainText('*.consoleproxy.test');
  await dialog.getByRole('button', { name: 'Upload and restart' }).click();

  // The key leaves the form at once.
  await expect(field(page, 'Private key (PKCS#8)')).toHaveValue('');
  // Progress: the calls (root, intermediate, server) and the proxies restarting; then the new address.
  const steps = page.getByRole('list', { name: 'Upload steps' });
  await expect(steps).toContainText('Root certificate (id 1)');
  await expect(steps).toContainText('Intermediate certificate (id 2, intermediate1)');
  await expect(page.getByText('The certificate is in place')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('console-url-form')).toHaveText('aaa-bbb-ccc-ddd.consoleproxy.test');
  await expect(page.getByText(/may have seen a brief interruption/)).toBeVisible();
  const proxy = proxiesBefore[0]!;
  const host = `${proxy.publicip.replace(/\./g, '-')}.consoleproxy.test`;
  await expect(page.getByRole('list', { name: 'Console proxy addresses' })).toContainText(host);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('current-console-domain')).toContainText('over TLS at aaa-bbb-ccc-ddd.consoleproxy.test');

  // The key never reached browser storage or the URL.
  const keyLine = pki.serverKey.split('\n')[1]!;
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(storage).not.toContain(keyLine);
  expect(page.url()).not.toContain(encodeURIComponent(keyLine.slice(0, 20)));

  // The proxy presents the uploaded certificate, which the test CA vouches for under the proxy's name.
  const consoles = consolesOf(server.running.sim);
  await consoles.ready();
  const port = consoles.port(proxy.id);
  expect(port).toBeDefined();
  const hs = await handshake(port!, host, pki.root);
  expect(hs.authorized, hs.error).toBe(true);
  expect(hs.cert.fingerprint256).toBe(new X509Certificate(pki.server).fingerprint256);
  expect(hs.cert.issuerCertificate?.subject.CN).toBe('Test Intermediate CA');

  // A console over wss, in a browser that maps *.consoleproxy.test to the loopback address and trusts the
  // test certificate's key (by its SPKI hash: nothing is added to any system or profile trust store).
  const spki = createHash('sha256').update(new X509Certificate(pki.server).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP *.consoleproxy.test 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`],
  });
  try {
    const viewer = await browser.newPage();
    const sockets: string[] = [];
    viewer.on('websocket', (ws) => sockets.push(ws.url()));
    await logIn(viewer);
    const vms = await admin.call('listVirtualMachines', { listall: true, state: 'Running', zoneid: proxy.zoneid });
    const vm = (vms.virtualmachine as { id: string; name: string }[] | undefined)?.[0];
    expect(vm, 'a running VM in the zone of the proxy').toBeDefined();
    await viewer.goto(`${base}/console/${vm!.id}`);
    await expect(viewer.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    expect(sockets.some((u) => new RegExp(`^wss://\\d+-\\d+-\\d+-\\d+\\.consoleproxy\\.test:\\d+/websockify\\?token=`).test(u)), sockets.join(' ')).toBe(true);
  } finally {
    await browser.close();
  }
});

test('each bad input shows its message in the form and leaves the stored certificate as it was', async ({ page }) => {
  // Seven inputs checked in the browser (signatures, key pairs) and an axe run: slow on a busy machine.
  test.setTimeout(300_000);
  const stored = activeCertificate(server.running.sim.db);
  expect(stored?.subject).toBe('CN=*.consoleproxy.test');
  await logIn(page);
  await page.goto(`${base}/certificates`);
  await fillGood(page);
  const upload = page.getByRole('button', { name: 'Upload certificate' });
  await expect(upload).toBeEnabled();

  const cases: { name: string; field: string; value: string; good: string; message: RegExp | string }[] = [
    { name: 'mismatched key', field: 'Private key (PKCS#8)', value: pki.otherKey, good: pki.serverKey, message: /does not belong to the certificate/ },
    { name: 'PKCS#1 key', field: 'Private key (PKCS#8)', value: pki.serverKeyPkcs1, good: pki.serverKey, message: 'openssl pkcs8 -topk8 -in yourprivate.key -out yourprivate.pkcs8.encrypted.key' },
    { name: 'encrypted key', field: 'Private key (PKCS#8)', value: pki.serverKeyEncrypted, good: pki.serverKey, message: 'openssl pkcs8 -in yourprivate.pkcs8.encrypted.key -out yourprivate.pkcs8.key' },
    { name: 'expired certificate', field: 'Server certificate', value: pki.expired, good: pki.server, message: /expired on 2021-01-01/ },
    { name: 'wrong domain', field: 'Server certificate', value: pki.wrongDomain, good: pki.server, message: /is for \*\.elsewhere\.test, which does not cover the console proxy names aaa-bbb-ccc-ddd\.consoleproxy\.test/ },
    { name: 'garbage', field: 'Server certificate', value: 'this is not a certificate', good: pki.server, message: /This is not PEM text/ },
    { name: 'chain that skips the intermediate', field: 'Chain certificate 1', value: pki.root, good: pki.intermediate, message: /Test Root CA\) did not issue the server certificate/ },
  ];
  for (const c of cases) {
    await field(page, c.field).fill(c.value);
    await expect(page.getByText(c.message).first(), c.name).toBeVisible();
    await expect(upload, c.name).toBeDisabled();
    await field(page, c.field).fill(c.good);
    await expect(upload, c.name).toBeEnabled();
  }
  // A chain in the wrong order says which entry to move, and the Up button fixes it.
  await field(page, 'Chain certificate 1').fill(pki.root);
  await field(page, 'Chain certificate 2').fill(pki.intermediate);
  await expect(page.getByText(/Out of order: the server certificate was issued by .*Test Intermediate CA.*which is chain certificate 2. Move that one to position 1/)).toBeVisible();
  await expect(upload).toBeDisabled();
  await page.getByRole('button', { name: 'Move chain certificate 2 up' }).click();
  await expect(upload).toBeEnabled();

  // The form, with its summaries and a problem showing, has no accessibility violations.
  await field(page, 'Private key (PKCS#8)').fill(pki.serverKeyPkcs1);
  await expect(page.getByText('openssl pkcs8 -topk8 -in yourprivate.key -out yourprivate.pkcs8.encrypted.key')).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('form[aria-label="Console proxy certificate"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''} ${n.html.slice(0, 200)}`).join(', ')}`)).toEqual([]);
  await field(page, 'Private key (PKCS#8)').fill(pki.serverKey);

  // Nothing was sent: the stored certificate, the setting and the proxies are as they were.
  expect(activeCertificate(server.running.sim.db)).toEqual(stored);
  const jobs = ((await admin.call('listAsyncJobs', { listall: true, pagesize: 500 })).asyncjobs ?? []) as { cmd: string }[];
  expect(jobs.filter((j) => /UploadCustomCertificateCmd$/.test(j.cmd))).toHaveLength(3);
});
