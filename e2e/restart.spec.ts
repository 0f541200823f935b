import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { spawnSimulator, waitForExit, type SimulatorProcess } from '../server/reliability/process';
import { logIn } from './fixtures';
import { groupWithMostStale } from './routerGroups';

/**
 * The simulator is killed (SIGKILL) in the middle of a pod's upgrade while the app watches, and started
 * again on the same port and database: the progress view finds the upgrade again on its own, with no
 * reload, and sees it to the end. "The middle" is made, not raced: the first process holds the routers whose
 * names end in an odd digit after their first step (--hold-routers), so the others finish and those wait.
 */
const HOLD = ['1', '3', '5', '7', '9'].map((d) => `r-*${d}-VM`).join(',');
const held = (name: string) => /[13579]-VM$/.test(name);
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
  // Enough parallel upgrades that the held routers never fill the queue.
  const args = ['--port', String(port), '--db', join(dir, 'cloud.db'), '--routers', '60', '--speed', '2', '--upgrade-parallel', '60'];
  proc = await spawnSimulator([...args, '--hold-routers', HOLD], { SIM_QUIET: '1' });
  const base = proc.url.replace(/\/$/, '');
  expect(base).toBe(`http://127.0.0.1:${port}`);

  await logIn(page, 'admin', { base });
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  await page.goto(`${base}/routers?view=pod`);
  const best = await groupWithMostStale(page);
  expect(best.count).toBeGreaterThan(3);
  await page.getByRole('button', { name: `Routers of ${best.name}`, exact: true }).click();
  await page.getByRole('button', { name: 'Upgrade pod' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade virtual routers' });
  // The server upgrades the pod's Running outdated routers; a stopped one is listed apart and skipped.
  const count = Number(/Upgrade (\d+) running/.exec(await dialog.getByTestId('upgrade-confirm-count').innerText())?.[1]);
  expect(count).toBeGreaterThan(3);
  const skipped = best.count - count;
  await dialog.getByRole('button', { name: `Upgrade ${count} routers` }).click();

  const panel = page.getByTestId('upgrade-progress');
  const lines = panel.getByTestId('upgrade-line');
  await expect(lines).toHaveCount(count);
  await expect(lines.getByRole('button', { name: /^r-\d+-VM$/ })).toHaveCount(count);
  const names = await lines.getByRole('button', { name: /^r-\d+-VM$/ }).allInnerTexts();
  const waiting = names.filter(held).length;
  expect(waiting, `routers of ${best.name} held and not held: ${names.join(' ')}`).toBeGreaterThan(0);
  expect(waiting).toBeLessThan(count);
  // Every router that is not held finishes; the held ones are still upgrading.
  await expect(panel.locator('[data-testid="upgrade-line"][data-status="done"]')).toHaveCount(count - waiting, { timeout: 90_000 });
  await expect(page.getByTestId('upgrade-summary')).toContainText(`${count - waiting} of ${count} finished`);

  // Kill it without warning; the page, still open, finds the server gone; start it again on the same port and
  // file, without the hold.
  proc.child.kill('SIGKILL');
  await waitForExit(proc.child);
  await expect(panel.getByText(/The progress could not be read/)).toBeVisible({ timeout: 30_000 });
  proc = await spawnSimulator(args, { SIM_QUIET: '1' });

  // No reload: the page goes on polling and the upgrade finishes.
  await expect(page.getByTestId('upgrade-summary')).toHaveText(
    `${count} of ${count} finished (100%): ${count} done, 0 failed, 0 upgrading, 0 queued`,
    { timeout: 120_000 },
  );
  await expect(page.getByRole('heading', { name: 'Router upgrade finished' })).toBeVisible();
  await expect(page.getByTestId('router-counts')).toContainText(`${skipped} requiring upgrade`, { timeout: 30_000 });
});
