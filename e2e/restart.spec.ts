import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { spawnSimulator, waitForExit, type SimulatorProcess } from '../server/reliability/process';
import { groupWithMostStale } from './routerGroups';

/**
 * The simulator is killed (SIGKILL) in the middle of a pod's upgrade while the app watches, and started
 * again on the same port and database: the progress view finds the upgrade again on its own, with no
 * reload, and sees it to the end.
 */
let dir: string;
let proc: SimulatorProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-e2e-restart-'));
});
test.afterAll(async () => {
  if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.child.kill('SIGTERM');
    await waitForExit(proc.child);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('the progress view recovers on its own after the simulator is killed and started again', async ({ page }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const args = ['--port', String(port), '--db', join(dir, 'cloud.db'), '--routers', '60', '--speed', '2', '--upgrade-parallel', '2'];
  proc = await spawnSimulator(args, { SIM_QUIET: '1' });
  const base = proc.url.replace(/\/$/, '');
  expect(base).toBe(`http://127.0.0.1:${port}`);

  await page.goto(`${base}/login`);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  await page.goto(`${base}/routers?view=pod`);
  const best = await groupWithMostStale(page);
  expect(best.count).toBeGreaterThan(3);
  await page.getByRole('button', { name: `Routers of ${best.name}`, exact: true }).click();
  await page.getByRole('button', { name: 'Upgrade pod' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  await dialog.getByRole('button', { name: `Upgrade ${best.count} routers` }).click();

  const panel = page.getByTestId('upgrade-progress');
  await expect(panel.getByTestId('upgrade-line')).toHaveCount(best.count);
  await expect(panel.locator('[data-testid="upgrade-line"][data-status="done"]').first()).toBeVisible({ timeout: 60_000 });
  expect(await panel.locator('[data-status="done"]').count()).toBeLessThan(best.count);

  // Kill it without warning, wait a moment with the page open, and start it again on the same port and file.
  proc.child.kill('SIGKILL');
  await waitForExit(proc.child);
  await page.waitForTimeout(3000);
  proc = await spawnSimulator(args, { SIM_QUIET: '1' });

  // No reload: the page goes on polling and the upgrade finishes.
  await expect(page.getByTestId('upgrade-summary')).toHaveText(
    `${best.count} of ${best.count} finished (100%): ${best.count} done, 0 failed, 0 upgrading, 0 queued`,
    { timeout: 120_000 },
  );
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible();
  await expect(page.getByTestId('router-counts')).toContainText('0 requiring upgrade', { timeout: 30_000 });
});
