import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer } from '../server/main-lib';
import { groupWithMostStale } from './routerGroups';
import { spawnSimulator, waitForExit, type SimulatorProcess } from '../server/reliability/process';
import { loginAt, plansClient } from '../server/plans/testing';
import type { Draft } from '../src/api/plans';

/**
 * An upgrade plan from the routers screen: a zone, pod by pod, with a canary whose upgrade fails (the
 * simulator's --fail-routers); the plan pauses and says why; retry (it fails again: the fault stays), skip,
 * resume, and the plan finishes, all run by the server.
 */
let dir: string;
let proc: SimulatorProcess | undefined;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-e2e-plans-'));
});
test.afterAll(async () => {
  if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.child.kill('SIGTERM');
    await waitForExit(proc.child);
  }
  rmSync(dir, { recursive: true, force: true });
});

interface RouterLite { zoneid: string; zonename: string; requiresupgrade: boolean; state: string }

test('plan a zone by pod with a canary; the canary fails, the plan pauses; retry, skip, resume, finish', async ({ page }) => {
  test.setTimeout(180_000);
  const db = join(dir, 'cloud.db');
  const base = ['--db', db, '--routers', '60', '--speed', '10'];
  // First find out which router the canary will be (the demo cloud is deterministic), then inject its failure.
  proc = await spawnSimulator(base, { SIM_QUIET: '1' });
  let admin = await loginAt(proc.url);
  const routers = (await admin.call('listRouters', { listall: true, pagesize: -1 })).router as RouterLite[];
  const byZone = new Map<string, { name: string; n: number }>();
  for (const r of routers.filter((x) => x.requiresupgrade && x.state === 'Running')) byZone.set(r.zoneid, { name: r.zonename, n: (byZone.get(r.zoneid)?.n ?? 0) + 1 });
  const [zoneid, zone] = [...byZone.entries()].sort((a, b) => b[1].n - a[1].n)[0]!;
  const draft = await plansClient(proc.url, admin)<Draft>('POST', '/draft', { name: 'probe', strategy: 'pod', zoneid, canary: { routers: 1 } });
  expect(draft.status).toBe(200);
  const canaryId = draft.body.plan.waves[0]!.routerids[0]!;
  const canaryName = draft.body.dryrun.waves[0]!.routers.find((r) => r.id === canaryId)!.name;
  proc.child.kill('SIGTERM');
  await waitForExit(proc.child);
  proc = await spawnSimulator([...base, '--fail-routers', canaryName], { SIM_QUIET: '1' });
  const url = proc.url.replace(/\/$/, '');

  await page.goto(`${url}/login`);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  await page.goto(`${url}/routers?view=pod`);
  await page.getByRole('button', { name: 'Plan upgrade' }).click();
  const dialog = page.getByRole('dialog', { name: 'Plan a router upgrade' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`Upgrade ${zone.name}`);
  await dialog.getByRole('combobox', { name: 'Zone' }).click();
  await page.getByRole('option', { name: zone.name, exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Canary routers' }).fill('1');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByTestId('plan-preview');
  await expect(preview.getByTestId('preview-wave').first()).toContainText('Canary');
  const waves = await preview.getByTestId('preview-wave').count();
  expect(waves).toBeGreaterThan(1);
  await dialog.getByRole('button', { name: 'Start the plan' }).click();
  // The admin has no API keys yet: the dialog asks before generating them.
  await dialog.getByRole('checkbox', { name: 'Generate my API keys (registerUserKeys)' }).check();
  await dialog.getByRole('button', { name: 'Start the plan' }).click();

  await expect(page).toHaveURL(/\/plans\?plan=/);
  const detail = page.getByTestId('plan-detail');
  await expect(detail.getByTestId('timeline-wave')).toHaveCount(waves);
  const reason = detail.getByTestId('pause-reason');
  await expect(reason).toContainText(`Canary router ${canaryName} failed`, { timeout: 60_000 });
  await expect(detail.getByTestId('plan-detail-state')).toHaveText('paused');
  await expect(detail.getByTestId('plan-current-wave')).toContainText('Wave 1 of');
  await expect(detail.getByTestId('plan-events')).toContainText(`${canaryName} failed`);

  // Retry: the fault is still injected, so it fails again and the plan pauses again.
  await detail.getByRole('button', { name: 'Retry 1 failed' }).click();
  await expect(detail.getByRole('button', { name: 'Retry 1 failed' })).toBeHidden();
  await detail.getByRole('button', { name: 'Resume' }).click();
  await expect(detail.getByTestId('plan-events').getByText(`Paused: Canary router ${canaryName} failed`)).toHaveCount(2, { timeout: 60_000 });
  // Skip it, resume: every other router is upgraded.
  await detail.getByRole('button', { name: 'Skip 1 failed' }).click();
  await expect(detail.getByRole('button', { name: 'Skip 1 failed' })).toBeHidden();
  await detail.getByRole('button', { name: 'Resume' }).click();
  await expect(detail.getByTestId('plan-detail-state')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('plan-row').first().getByTestId('plan-state')).toHaveText('finished');
  await detail.getByText(/^All \(\d+\)$/).click();
  await expect(detail.getByTestId('plan-router').filter({ hasText: canaryName })).toHaveAttribute('data-state', 'skipped');
  await expect(detail.getByTestId('plan-router').and(page.locator('[data-state="pending"]'))).toHaveCount(0);

  // Nothing left to upgrade in that zone but the skipped canary (and routers that are not Running).
  admin = await loginAt(proc.url);
  const after = (await admin.call('listRouters', { zoneid, listall: true, pagesize: -1 })).router as (RouterLite & { name: string })[];
  expect(after.filter((r) => r.requiresupgrade && r.state === 'Running').map((r) => r.name)).toEqual([canaryName]);
});

/** Logs in at `base` through the login form as admin (each browser context has a session of its own). */
async function adminLogin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login$/);
}

test("a group's one-click Upgrade is a plan: a second admin's browser sees it on the routers screen and under Plans, and it finishes after the first browser is closed", async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers: 60, speed: 5, upgradeParallel: 2 } });
  const base = server.url.replace(/\/$/, '');
  const first = await browser.newContext();
  const second = await browser.newContext();
  const { jobs } = server.running.sim;
  try {
    const a = await first.newPage();
    await adminLogin(a, base);
    await a.goto(`${base}/routers?view=pod`);
    const best = await groupWithMostStale(a);
    expect(best.count).toBeGreaterThan(0);
    // Half way, made rather than raced: no job step runs until the second browser has looked.
    jobs.stop();
    await a.getByRole('button', { name: `Upgrade the routers of ${best.name}` }).click();
    const dialog = a.getByRole('dialog', { name: 'Upgrade virtual routers' });
    const count = Number(/Upgrade (\d+) running/.exec(await dialog.getByTestId('upgrade-confirm-count').innerText())?.[1]);
    expect(count).toBeGreaterThan(0);
    await expect(dialog.getByTestId('upgrade-confirm-plan')).toContainText('upgrade plan of one wave');
    await dialog.getByRole('button', { name: `Upgrade ${count} router${count === 1 ? '' : 's'}` }).click();
    await expect(dialog).toBeHidden();
    await expect(a.getByTestId('upgrade-summary')).toContainText(`0 of ${count} finished`);

    // Another admin login, in another browser context: the same upgrade, on the routers screen and under Plans.
    const b = await second.newPage();
    await adminLogin(b, base);
    await b.goto(`${base}/routers`);
    const panel = b.getByTestId('upgrade-progress');
    await expect(panel.getByRole('heading', { name: 'Router upgrade in progress' })).toBeVisible();
    await expect(panel.getByTestId('upgrade-plans')).toContainText(`Upgrade pod ${best.name}`);
    await expect(panel.getByTestId('upgrade-summary')).toContainText(`0 of ${count} finished`);
    await expect(panel.getByTestId('upgrade-line')).toHaveCount(count);
    await b.goto(`${base}/plans`);
    const row = b.getByTestId('plan-row').filter({ hasText: `Upgrade pod ${best.name}` });
    await expect(row.getByTestId('plan-state')).toHaveText('running');

    // The browser that started it is closed; the server goes on.
    await first.close();
    jobs.start();
    await expect(row.getByTestId('plan-state')).toHaveText('finished', { timeout: 120_000 });
    await row.getByRole('button', { name: `Upgrade pod ${best.name}` }).click();
    const detail = b.getByTestId('plan-detail');
    await expect(detail.getByTestId('plan-events')).toContainText(`Plan finished: ${count} upgraded, 0 failed`);
  } finally {
    jobs.start();
    await first.close().catch(() => {});
    await second.close();
    await server.close();
  }
});
