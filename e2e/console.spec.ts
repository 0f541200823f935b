import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { consolesOf } from '../server/console/service';
import { XVNC, startXvnc, type RunningXvnc } from '../server/console/testing/xvnc';

import { apiAs, expect, logIn, test } from './fixtures';

/** A Running VM of alice's, asked of the API directly (a session of its own, not the page's). */
async function aliceRunningVm(baseURL: string): Promise<{ id: string; name: string }> {
  const api = await apiAs(baseURL, 'alice');
  try {
    const vm = ((await api.call('listVirtualMachines', { state: 'Running' })).virtualmachine as { id: string; name: string }[] | undefined)?.[0];
    expect(vm, 'alice has a running VM').toBeDefined();
    return vm!;
  } finally {
    await api.dispose();
  }
}

/** What noVNC's canvas shows: its size, how many distinct colours, and a digest of the pixels. */
async function canvasSummary(page: Page): Promise<{ width: number; height: number; colours: number; digest: number }> {
  return page.getByTestId('console-screen').locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let digest = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!;
      if (colours.size < 1000) colours.add(v);
      digest = (Math.imul(digest, 31) + v) | 0;
    }
    return { width: c.width, height: c.height, colours: colours.size, digest };
  });
}

const status = (page: Page) => page.getByTestId('console-status');

test('an end user opens the console window of their VM, sees it, and types into it', async ({ pageAs, baseURL }) => {
  const vm = await aliceRunningVm(baseURL!);
  const page = await pageAs('alice');
  await page.goto('/instances');
  await expect(page.getByRole('heading', { name: 'My instances' })).toBeVisible();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: `Open the console of ${vm.name}` }).click();
  const popup = await popupPromise;
  await expect(popup).toHaveURL(new RegExp(`/console/${vm.id}$`));
  // The console window has no app shell: no navigation.
  await expect(popup.getByRole('navigation')).toHaveCount(0);
  await expect(status(popup)).toHaveText(`Connected to ${vm.name}`);

  await expect.poll(async () => (await canvasSummary(popup)).colours).toBeGreaterThan(2);
  const before = await canvasSummary(popup);
  expect([before.width, before.height]).toEqual([640, 400]);

  await popup.getByTestId('console-screen').locator('canvas').click();
  await popup.keyboard.type('root');
  await expect.poll(async () => (await canvasSummary(popup)).digest).not.toBe(before.digest);

  // Pasted text is typed into the VM as keys.
  const afterTyping = await canvasSummary(popup);
  await popup.getByRole('button', { name: 'Paste text' }).click();
  await popup.getByLabel('Text to type').fill('more');
  await popup.getByRole('button', { name: 'Type it' }).click();
  await expect.poll(async () => (await canvasSummary(popup)).digest).not.toBe(afterTyping.digest);

  // Nothing secret lands in browser storage.
  const storage = await popup.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(storage).not.toMatch(/sessionkey|token/i);
});

test("another user cannot open that console: the API's error is shown", async ({ pageAs, baseURL }) => {
  const vm = await aliceRunningVm(baseURL!);
  const page = await pageAs('bob');
  await page.goto(`/console/${vm.id}`);
  await expect(status(page)).toHaveAttribute('data-state', 'disconnected');
  await expect(status(page)).toContainText('does not have permission');
  await expect(page.getByTestId('console-screen').locator('canvas')).toHaveCount(0);
});

test('a replayed console token is refused by the proxy', async ({ pageAs, baseURL }) => {
  const vm = await aliceRunningVm(baseURL!);
  const page = await pageAs('alice');
  const endpointAnswer = page.waitForResponse((r) => r.url().endsWith('/client/api') && (r.request().postData() ?? '').includes('command=createConsoleEndpoint'));
  await page.goto(`/console/${vm.id}`);
  const ws = (await (await endpointAnswer).json()).createconsoleendpointresponse.consoleendpoint.websocket as {
    host: string; port: string; path: string; token: string;
  };
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`);

  const closed = await page.evaluate(
    (url) =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        const again = new WebSocket(url, ['binary']);
        again.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason }));
      }),
    `ws://${ws.host}:${ws.port}/${ws.path.replace(/^\//, '')}?token=${encodeURIComponent(ws.token)}`,
  );
  expect(closed.code).toBe(4402);
  expect(closed.reason).toMatch(/already used/);
  // The first session is untouched.
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`);

  // Reconnect asks for a fresh token and connects again.
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`);
});

test("an admin opens a system VM's console in a panel, then in a window of its own", async ({ page }) => {
  await page.goto('/systemvms');
  await page.getByRole('button', { name: 'Open the console of v-1-VM' }).click();
  const panel = page.getByRole('dialog', { name: 'Console of v-1-VM' });
  await expect(panel.getByTestId('console-status')).toHaveText('Connected to v-1-VM');
  await expect.poll(async () => (await canvasSummary(page)).colours).toBeGreaterThan(2);

  const popupPromise = page.waitForEvent('popup');
  await panel.getByRole('button', { name: 'Open in new window' }).click();
  const popup = await popupPromise;
  await expect(popup).toHaveURL(/\/console\/[0-9a-f-]{36}$/);
  await expect(status(popup)).toHaveText('Connected to v-1-VM');
  await expect(panel).toBeHidden();
});

test.describe('a VM pointed at a real VNC server', () => {
  test.skip(!existsSync(XVNC), 'Xvnc (tigervnc-standalone-server) is not installed');
  // A server of its own: log in there.
  test.use({ user: null });
  let xvnc: RunningXvnc;
  let server: StartedServer;
  test.beforeAll(async () => {
    xvnc = await startXvnc({ width: 800, height: 600 });
    server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 20, speed: 20 } });
    await consolesOf(server.running.sim).ready();
  });
  test.afterAll(async () => {
    await server?.close();
    await xvnc?.stop();
  });

  test("shows the VNC server's screen through the proxy", async ({ page }) => {
    const base = server.url.replace(/\/$/, '');
    const vm = await aliceRunningVm(base);
    consolesOf(server.running.sim).guests.pointAt(vm.id, { host: '127.0.0.1', port: xvnc.port, password: xvnc.password });
    await logIn(page, 'alice', { base });
    await page.goto(`${base}/console/${vm.id}`);
    await expect(status(page)).toHaveAttribute('data-state', 'connected');
    await expect.poll(async () => (await canvasSummary(page)).colours).toBeGreaterThan(1);
    const shown = await canvasSummary(page);
    expect([shown.width, shown.height]).toEqual([xvnc.width, xvnc.height]);
  });
});
