import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { listRouters } from './api';
import { apiAs } from './fixtures';
import { groupWithMostStale } from './routerGroups';

/**
 * The routers screen against a simulator of its own: upgrades run slowly enough here (speed 2, one at
 * a time) for the test to reload the page half way through an upgrade.
 */
let server: StartedServer;

test.beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 60, speed: 2, upgradeParallel: 1 } });
});

test.afterAll(async () => {
  await server?.close();
});

async function logIn(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, server.url).toString());
  await page.getByRole('textbox', { name: 'Username' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Virtual routers', level: 1 })).toBeVisible();
}

async function selectView(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Select view' }).selectOption({ label });
}

/** The outdated routers the server will upgrade in a pod: Running and below the zone minimum (server truth). */
function runningOutdatedOfPod(podName: string): number {
  return (server.running.sim.db
    .prepare(`SELECT COUNT(*) AS n FROM routers r JOIN pods p ON p.id = r.podid WHERE p.name = ? AND r.state = 'Running' AND r.version < '4.20.0'`)
    .get(podName) as { n: number }).n;
}

/** Holds the simulator's scheduler (no job step runs) until released: "half way" without racing it. */
const scheduler = {
  hold: () => server.running.sim.jobs.stop(),
  release: () => server.running.sim.jobs.start(),
};

/** A user of the API in the test's own process: logs in like a client and calls commands with the session. */
async function apiSession(username: string, domain: string) {
  const api = new URL('/client/api', server.url).toString();
  const login = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ command: 'login', username, password: 'password', domain, response: 'json' }) });
  const cookie = /JSESSIONID=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const { sessionkey } = ((await login.json()) as { loginresponse: { sessionkey: string } }).loginresponse;
  const call = async (command: string, params: Record<string, string> = {}) => {
    const r = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ command, response: 'json', sessionkey, ...params }) });
    return ((await r.json()) as Record<string, Record<string, unknown>>)[`${command.toLowerCase()}response`]!;
  };
  const job = async (jobid: string) => {
    for (;;) {
      const j = await call('queryAsyncJobResult', { jobid });
      if (j.jobstatus !== 0) return j;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { call, job };
}

test('upgrade a pod, reload half way: the progress continues and counts only that pod\'s routers; a second upgrade right after starts at 0 of N', async ({ page }) => {
  test.setTimeout(180_000);
  // The list is read as CloudStack's UI reads it: listall=true and projectid=-1, so project routers count.
  const listing = page.waitForRequest((req) => /command=listRouters/.test(req.postData() ?? '') && !/[?&]state=/.test(`&${req.postData()}`));
  await logIn(page, '/routers');
  const sent = new URLSearchParams((await listing).postData() ?? '');
  expect([sent.get('listall'), sent.get('projectid')]).toEqual(['true', '-1']);
  await selectView(page, 'Group by pod');
  await expect(page).toHaveURL(/view=pod/);

  // The pod with the most routers requiring an upgrade.
  const best = await groupWithMostStale(page);
  const expected = runningOutdatedOfPod(best.name);
  expect(expected).toBeGreaterThanOrEqual(2);

  await page.getByRole('button', { name: `Routers of ${best.name}`, exact: true }).click();
  await expect(page).toHaveURL(/view=pod&group=/);
  const routerRows = page.getByTestId('router-row');
  await expect(page.getByTestId('router-counts')).toContainText(`${best.count} requiring upgrade`);
  const total = await routerRows.count();

  await page.getByRole('button', { name: 'Upgrade pod' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  // The confirmation counts what the server will upgrade: the Running outdated routers; stopped ones apart.
  await expect(dialog.getByTestId('upgrade-confirm-count')).toContainText(`Upgrade ${expected} running routers of pod ${best.name}`);
  if (best.count > expected) await expect(dialog.getByTestId('upgrade-confirm-stopped')).toContainText(`${best.count - expected} outdated`);
  await expect(dialog).toContainText('Network services are interrupted');
  // Half way, made rather than raced: the first reboot goes through, every later one stops after its first step.
  const through = new Set<string>();
  server.running.sim.jobs.setHold((job) => {
    if (!job.cmd.endsWith('RebootRouterCmd')) return false;
    if (through.size === 0) through.add(job.id);
    return !through.has(job.id);
  });
  await dialog.getByRole('button', { name: `Upgrade ${expected} routers` }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByTestId('upgrade-progress');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('upgrade-line')).toHaveCount(expected);

  // One router done, the next held on its way. Reload: the upgrade is found again and goes on.
  await expect(panel.locator('[data-testid="upgrade-line"][data-status="done"]').first()).toBeVisible({ timeout: 60_000 });
  try {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Router upgrade in progress' })).toBeVisible();
    await expect(panel.getByTestId('upgrade-line')).toHaveCount(expected);
    const done = await panel.locator('[data-status="done"]').count();
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(expected);
    await expect(page.getByTestId('upgrade-summary')).toContainText(`of ${expected} finished`);
    await expect(page.getByTestId('upgrade-eta')).toContainText('Time left');
  } finally {
    server.running.sim.jobs.setHold(() => false);
  }

  await expect(page.getByTestId('upgrade-summary')).toHaveText(
    `${expected} of ${expected} finished (100%): ${expected} done, 0 failed, 0 upgrading, 0 queued`,
    { timeout: 90_000 },
  );
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible();
  // The pod's stopped outdated routers (if any) still require an upgrade; the running ones do not. (A rebooted
  // redundant router may have started in another pod, away from its peer, so the pod can hold fewer routers.)
  await expect(page.getByTestId('router-counts')).toContainText(`, ${best.count - expected} requiring upgrade`);
  expect(total).toBeGreaterThan(0);

  // A second upgrade right after: another pod. Its progress counts only its own routers, from 0.
  await page.getByRole('button', { name: 'All pods' }).click();
  const other = await groupWithMostStale(page);
  const second = runningOutdatedOfPod(other.name);
  expect(other.name).not.toBe(best.name);
  expect(second).toBeGreaterThan(0);
  const row = page.getByTestId('group-row').filter({ has: page.getByRole('button', { name: `Routers of ${other.name}`, exact: true }) });
  scheduler.hold();
  try {
    await row.getByRole('button', { name: `Upgrade the routers of ${other.name}` }).click();
    await page.getByRole('dialog', { name: 'Upgrade virtual routers' }).getByRole('button', { name: /^Upgrade \d+ router/ }).click();
    // The scheduler is held: the runner may have asked for a first upgrade, none finishes.
    await expect(page.getByTestId('upgrade-summary')).toContainText(`0 of ${second} finished (0%): 0 done, 0 failed`);
    await expect(panel.getByTestId('upgrade-line')).toHaveCount(second);
  } finally {
    scheduler.release();
  }
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 90_000 });
});

test("a user's firewall rule is refused on a network whose router is outdated, and accepted after the router's upgrade", async ({ page }) => {
  test.setTimeout(120_000);
  const alice = await apiSession('alice', '/ROOT/Engineering/');
  const net = ((await alice.call('listNetworks')).network as { id: string; name: string; account: string }[]).find((n) => n.account === 'alice')!;
  const ip = ((await alice.call('listPublicIpAddresses', { associatednetworkid: net.id })).publicipaddress as { id: string; issourcenat: boolean }[])
    .find((i) => i.issourcenat)!;
  const refused = await alice.job(String((await alice.call('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: '22' })).jobid));
  expect(refused).toMatchObject({ jobstatus: 2, jobresult: { errorcode: 530, errortext: 'Failed to create firewall rule' } });

  // The admin sees why, and upgrades that router.
  const admin = await apiAs(server.url.replace(/\/$/, ''), 'admin');
  const router = (await listRouters(admin, { networkid: net.id }))[0]!;
  await admin.dispose();
  await logIn(page, `/routers?router=${router.id}`);
  const name = router.name;
  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  await expect(drawer.getByTestId('frozen-notice')).toContainText(`network ${net.name} are frozen`);
  await drawer.getByRole('button', { name: 'Upgrade', exact: true }).click();
  await page.getByRole('dialog', { name: 'Upgrade virtual routers' }).getByRole('button', { name: 'Upgrade 1 router', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 60_000 });
  await expect(drawer.getByTestId('frozen-notice')).toHaveCount(0);

  const accepted = await alice.job(String((await alice.call('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: '22' })).jobid));
  expect(accepted).toMatchObject({ jobstatus: 1, jobresult: { firewallrule: { protocol: 'tcp', startport: 22, state: 'Active' } } });
});

test('the frozen-networks view lists frozen networks by group and shrinks as the upgrade goes', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, '/routers?frozen=pod');
  const view = page.getByTestId('frozen-networks');
  await expect(view).toBeVisible();
  const groups = view.getByTestId('frozen-group');
  await expect(groups.first()).toBeVisible();
  // The first group has the most frozen networks.
  const first = groups.first();
  const before = Number(await first.getByTestId('frozen-group-count').innerText());
  const podName = (await first.locator('td').first().locator('p').first().innerText()).trim();
  const summary = async () => Number(/^(\d+)/.exec(await view.getByTestId('frozen-summary').innerText())?.[1] ?? 0);
  const totalBefore = await summary();
  expect(before).toBeGreaterThanOrEqual(1);

  await first.getByRole('button', { name: 'Upgrade pod' }).click();
  await page.getByRole('dialog', { name: 'Upgrade virtual routers' }).getByRole('button', { name: /^Upgrade \d+ router/ }).click();
  const panel = page.getByTestId('upgrade-progress');
  // One router done: the view has shrunk by then (the scheduler is held to look at it half way).
  await expect(panel.locator('[data-status="done"]').first()).toBeVisible({ timeout: 60_000 });
  scheduler.hold();
  try {
    await expect.poll(summary).toBeLessThan(totalBefore);
  } finally {
    scheduler.release();
  }
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 90_000 });
  // The pod's networks are no longer frozen.
  await expect(groups.filter({ hasText: podName })).toHaveCount(0);
  expect(await summary()).toBe(totalBefore - before);
});

test('the only router of a network cannot be destroyed; its details offer restart with cleanup instead', async ({ page }) => {
  // Plain VRs serve one network each: pick one.
  await logIn(page, '/routers?type=VR&upgrade=no');
  const first = page.getByTestId('router-row').first();
  const name = await first.locator('[data-column="name"]').innerText();
  await first.getByRole('button', { name: `Details of ${name}` }).click();
  await expect(page).toHaveURL(/router=/);

  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('destroy-refusal')).toContainText('restartNetwork with cleanup=false cannot recreate it');
  await expect(drawer.getByRole('button', { name: 'Destroy' })).toHaveCount(0);
  await expect(drawer.getByTestId('router-fields')).toContainText('guestnetworkid');

  await drawer.getByRole('button', { name: 'Restart network (with cleanup)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restart network with cleanup' });
  await expect(confirm).toContainText("Users' network access is interrupted");
  await confirm.getByRole('button', { name: 'Restart network with cleanup' }).click();
  // The router is destroyed and a new one deployed in its place.
  await expect(page.getByRole('dialog', { name: 'Router', exact: true })).toContainText('was destroyed', { timeout: 30_000 });
});

test('actions on a router that requires an upgrade are enabled (router.version.check refuses only what is sent to it); a redundant router offers destroy', async ({ page }) => {
  await logIn(page, '/routers?upgrade=yes&state=Running');
  const first = page.getByTestId('router-row').first();
  const name = await first.locator('[data-column="name"]').innerText();
  await first.getByRole('button', { name: `Details of ${name}` }).click();
  const drawer = page.getByRole('dialog', { name: `Router ${name}` });
  for (const label of ['Stop', 'Reboot']) {
    await expect(drawer.getByRole('button', { name: label, exact: true })).not.toHaveAttribute('aria-disabled', 'true');
  }
  await expect(drawer.getByTestId('frozen-notice')).toContainText('router.version.check');
  await page.keyboard.press('Escape');

  await page.goto(new URL('/routers?type=Redundant+VR&upgrade=no', server.url).toString());
  const redundant = page.getByTestId('router-row').first();
  const rname = await redundant.locator('[data-column="name"]').innerText();
  await redundant.getByRole('button', { name: `Details of ${rname}` }).click();
  const rdrawer = page.getByRole('dialog', { name: `Router ${rname}` });
  await expect(rdrawer.getByRole('button', { name: 'Destroy' })).toBeVisible();
  await expect(rdrawer.getByTestId('destroy-refusal')).toHaveCount(0);
});

test('a failed upgrade shows its errortext; Retry failed upgrades those routers again in one click', async ({ page }) => {
  // A simulator of its own where every running router's upgrade fails (fault injection).
  const faulty = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 30, speed: 20, failRouters: ['r-*-VM'] } });
  try {
    await page.goto(new URL('/routers?view=zone', faulty.url).toString());
    await page.getByRole('textbox', { name: 'Username' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill('password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const row = page.getByTestId('group-row').filter({ has: page.getByTestId('group-requiring-upgrade').filter({ hasNotText: /^0$/ }) }).first();
    const zone = await row.getByRole('button', { name: /^Routers of / }).innerText();
    await row.getByRole('button', { name: `Upgrade the routers of ${zone}` }).click();
    await page.getByRole('dialog', { name: 'Upgrade virtual routers' }).getByRole('button', { name: /^Upgrade \d+ router/ }).click();

    const panel = page.getByTestId('upgrade-progress');
    await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 30_000 });
    const failed = panel.locator('[data-status="failed"]');
    const nFailed = await failed.count();
    expect(nFailed).toBeGreaterThan(0);
    await expect(failed.first()).toContainText('fault injected');
    // The failed routers still require an upgrade, as do the stopped ones the zone's upgrade skipped.
    const stopped = (faulty.running.sim.db.prepare(
      `SELECT COUNT(*) AS n FROM routers r JOIN zones z ON z.id = r.zoneid WHERE z.name = ? AND r.state <> 'Running' AND r.version < '4.20.0'`,
    ).get(zone) as { n: number }).n;
    await expect(row.getByTestId('group-requiring-upgrade')).toHaveText(String(nFailed + stopped));

    const jobs = () =>
      (faulty.running.sim.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE cmd LIKE '%RebootRouterCmd'`).get() as { n: number }).n;
    const before = jobs();
    await panel.getByRole('button', { name: `Retry ${nFailed} failed` }).click();
    await expect.poll(jobs).toBe(before + nFailed);
    await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible({ timeout: 30_000 });
    await expect(panel.locator('[data-status="failed"]')).toHaveCount(nFailed);
  } finally {
    await faulty.close();
  }
});
