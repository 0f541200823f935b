/**
 * Issue 16, console: a console whose proxy restarts reconnects by itself when the proxy is back; a
 * connection that cannot open says which address it tried and why, and offers Retry (or Reload when the
 * page's own security policy blocked it). As alice, with admin's API for the proxy, at 1366x768.
 */
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { logInAs, DEMO_DOMAINS } from './users';

test.use({ viewport: { width: 1366, height: 768 } });

async function session(baseURL: string, user: 'admin' | 'alice') {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const login = await ctx.post('/client/api', { form: { command: 'login', response: 'json', username: user, password: 'password', domain: DEMO_DOMAINS[user] } });
  const sessionkey = (await login.json()).loginresponse.sessionkey as string;
  const call = async (form: Record<string, string>) => {
    const res = await ctx.post('/client/api', { form: { response: 'json', sessionkey, ...form } });
    return (await res.json()) as Record<string, Record<string, unknown>>;
  };
  return { ctx, call };
}

async function waitForJob(call: (f: Record<string, string>) => Promise<Record<string, Record<string, unknown>>>, jobid: string) {
  await expect.poll(async () => (await call({ command: 'queryAsyncJobResult', jobid })).queryasyncjobresultresponse!.jobstatus, { timeout: 60_000 }).toBe(1);
}

async function aliceVm(baseURL: string): Promise<{ id: string; name: string; zoneid: string }> {
  const alice = await session(baseURL, 'alice');
  try {
    const list = await alice.call({ command: 'listVirtualMachines', state: 'Running' });
    return (list.listvirtualmachinesresponse!.virtualmachine as { id: string; name: string; zoneid: string }[])[0]!;
  } finally {
    await alice.ctx.dispose();
  }
}

const status = (page: Page) => page.getByTestId('console-status');

test('a console whose proxy restarts reconnects by itself when the proxy is back', async ({ page, baseURL }) => {
  const vm = await aliceVm(baseURL!);
  const admin = await session(baseURL!, 'admin');
  let proxy: { id: string } | undefined;
  try {
    const proxies = await admin.call({ command: 'listSystemVms', systemvmtype: 'consoleproxy', zoneid: vm.zoneid });
    proxy = (proxies.listsystemvmsresponse!.systemvm as { id: string; state: string }[]).find((p) => p.state === 'Running');
    expect(proxy, "the zone's running console proxy").toBeTruthy();

    await logInAs(page, 'alice');
    await page.goto(`/console/${vm.id}`);
    await expect(status(page)).toHaveText(`Connected to ${vm.name}`, { timeout: 30_000 });

    // The proxy stops: the console says it is reconnecting, and keeps trying while the proxy is away.
    const stop = await admin.call({ command: 'stopSystemVm', id: proxy!.id });
    await waitForJob(admin.call, String(stop.stopsystemvmresponse!.jobid));
    await expect(status(page)).toHaveText(/^Reconnecting \(attempt \d+/, { timeout: 30_000 });
    await expect(page.getByTestId('console-failure')).toHaveCount(0);

    // The proxy is back: the console connects again without a click.
    const start = await admin.call({ command: 'startSystemVm', id: proxy!.id });
    await waitForJob(admin.call, String(start.startsystemvmresponse!.jobid));
    await expect(status(page)).toHaveText(`Connected to ${vm.name}`, { timeout: 60_000 });
  } finally {
    if (proxy) {
      const list = await admin.call({ command: 'listSystemVms', id: proxy.id });
      const state = (list.listsystemvmsresponse!.systemvm as { state: string }[])[0]!.state;
      if (state === 'Stopped') {
        const start = await admin.call({ command: 'startSystemVm', id: proxy.id });
        await waitForJob(admin.call, String(start.startsystemvmresponse!.jobid));
      }
    }
    await admin.ctx.dispose();
  }
});

test('a console the browser cannot connect while the serving process reaches its proxy lists the causes on the browser side, and Retry connects', async ({ page, baseURL }) => {
  const vm = await aliceVm(baseURL!);
  await logInAs(page, 'alice');
  // The management server names a proxy port nothing listens on (as after a proxy moved).
  let tried = '';
  await page.route('**/client/api', async (route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes('command=createConsoleEndpoint')) return route.fallback();
    const res = await route.fetch();
    const json = (await res.json()) as { createconsoleendpointresponse: { consoleendpoint: { websocket: { host: string; port: string; path: string } } } };
    const ws = json.createconsoleendpointresponse.consoleendpoint.websocket;
    ws.port = '9';
    tried = `ws://${ws.host}:9/${ws.path.replace(/^\//, '')}`;
    await route.fulfill({ response: res, json });
  });
  await page.goto(`/console/${vm.id}`);
  const failure = page.getByTestId('console-failure');
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('console-address')).toHaveText(tried);
  // The serving process diagnoses the address of the token it issued (the real port): it reaches the proxy,
  // so the cause lies between this browser and the proxy (each cause found on loopback: console-diagnosis.spec.ts).
  await expect(failure).toContainText("The management server\u2019s host reaches this console proxy, but this browser does not");
  await expect(failure.locator('[data-cause="refused"]')).toContainText('not listening on port 9');
  await expect(failure).not.toContainText('token');

  await page.unroute('**/client/api');
  await failure.getByRole('button', { name: 'Retry' }).click();
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`, { timeout: 30_000 });
  await expect(failure).toHaveCount(0);
});

test("a console blocked by the page's security policy says so and offers a reload", async ({ page, baseURL }) => {
  const vm = await aliceVm(baseURL!);
  await logInAs(page, 'alice');
  // The page was loaded with a policy from before the proxies' address changed: it allows no console proxy.
  await page.route(`**/console/${vm.id}`, async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers(), 'content-security-policy': res.headers()['content-security-policy']!.replace(/connect-src [^;]*/, "connect-src 'self'") };
    await route.fulfill({ response: res, headers });
  });
  await page.goto(`/console/${vm.id}`);
  const failure = page.getByTestId('console-failure');
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('Blocked by this page');
  await expect(failure).toContainText("security policy (connect-src) does not allow ws://");
  await expect(page.getByTestId('console-address')).toHaveText(/^ws:\/\/[^?]+\/websockify$/);
  await page.unroute(`**/console/${vm.id}`);
  await failure.getByRole('button', { name: 'Reload the page' }).click();
  await expect(status(page)).toHaveText(`Connected to ${vm.name}`, { timeout: 30_000 });
});

test('against a management server older than 4.18 the Console buttons say why they cannot open', async ({ page }) => {
  // listCapabilities answers an older release: createConsoleEndpoint does not exist there.
  await page.route('**/client/api', async (route) => {
    if (!(route.request().postData() ?? '').includes('command=listCapabilities')) return route.fallback();
    const res = await route.fetch();
    const json = (await res.json()) as { listcapabilitiesresponse: { capability: Record<string, unknown> } };
    json.listcapabilitiesresponse.capability.cloudstackversion = '4.17.2.0';
    await route.fulfill({ response: res, json });
  });
  await logInAs(page, 'alice');
  const button = page.getByRole('button', { name: /^Open the console of / }).first();
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('aria-description', /needs CloudStack 4\.18\.0 or later; this management server runs 4\.17\.2\.0/);
  await button.hover();
  await expect(page.getByRole('tooltip')).toContainText('Opening consoles (createConsoleEndpoint) needs CloudStack 4.18.0 or later');
});
