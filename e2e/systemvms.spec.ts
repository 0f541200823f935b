import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openSystemVms(page: Page): Promise<void> {
  await page.goto('/systemvms');
  await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
}

const row = (page: Page, name: string) => page.getByTestId(`systemvm-${name}`);

test('stopping a secondary storage VM warns what it interrupts; it stops and starts again', async ({ page }) => {
  await openSystemVms(page);
  const ssvm = row(page, 's-2-VM');
  await expect(ssvm.getByTestId('state')).toHaveText('Running');

  // A console proxy's reboot warns that console sessions end; cancelled here.
  await page.getByRole('button', { name: 'Actions for v-1-VM' }).click();
  await page.getByRole('menuitem', { name: 'Reboot' }).click();
  const reboot = page.getByRole('dialog', { name: 'Reboot v-1-VM?' });
  await expect(reboot.getByTestId('action-warning')).toContainText("console sessions through v-1-VM end");
  await reboot.getByRole('button', { name: 'Cancel' }).click();
  await expect(reboot).toBeHidden();

  await page.getByRole('button', { name: 'Actions for s-2-VM' }).click();
  await page.getByRole('menuitem', { name: 'Stop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop s-2-VM?' });
  await expect(dialog.getByTestId('action-warning')).toContainText('Template downloads, copies between zones and snapshot backups on s-2-VM stop');
  await dialog.getByRole('button', { name: 'Stop s-2-VM' }).click();
  await expect(dialog).toBeHidden();
  await expect(ssvm.getByTestId('state')).toHaveText('Stopped');
  await expect(ssvm.getByTestId('host')).toHaveText('—');

  await page.getByRole('button', { name: 'Actions for s-2-VM' }).click();
  await expect(page.getByRole('menuitem', { name: 'Stop' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Start' }).click();
  const start = page.getByRole('dialog', { name: 'Start s-2-VM?' });
  await start.getByRole('button', { name: 'Start' }).click();
  await expect(start).toBeHidden();
  await expect(ssvm.getByTestId('state')).toHaveText('Running');
  await expect(ssvm.getByTestId('host')).not.toHaveText('—');
});

test('a system VM migrates to a host chosen from its cluster', async ({ page }) => {
  await openSystemVms(page);
  const ssvm = row(page, 's-4-VM');
  await expect(ssvm.getByTestId('state')).toHaveText('Running');
  const before = (await ssvm.getByTestId('host').innerText()).trim();

  await page.getByRole('button', { name: 'Actions for s-4-VM' }).click();
  await page.getByRole('menuitem', { name: 'Migrate to another host' }).click();
  const dialog = page.getByRole('dialog', { name: 'Migrate s-4-VM' });
  await expect(dialog).toContainText(`s-4-VM runs on ${before}`);
  const choices = dialog.getByRole('radio');
  await expect(choices.first()).toBeVisible();
  const count = await choices.count();
  expect(count).toBeGreaterThan(0);
  const label = await choices.last().getAttribute('aria-label');
  const target = label!.replace('Migrate to ', '');
  expect(target).not.toBe(before);
  await choices.last().check();
  await dialog.getByRole('button', { name: `Migrate to ${target}` }).click();
  await expect(dialog).toBeHidden();
  await expect(ssvm.getByTestId('host')).toHaveText(target);
  await expect(ssvm.getByTestId('state')).toHaveText('Running');
});

test('diagnostics from a system VM: a ping that answers, one that times out, and the files as a download', async ({ page }) => {
  await openSystemVms(page);
  const ssvm = row(page, 's-6-VM');
  await expect(ssvm.getByTestId('state')).toHaveText('Running');
  const privateIp = (await ssvm.locator('td').nth(5).innerText()).trim();
  expect(privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const gateway = privateIp.replace(/\.\d+$/, '.1');

  await page.getByRole('button', { name: 'Actions for s-6-VM' }).click();
  await page.getByRole('menuitem', { name: 'Run diagnostics' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diagnostics of s-6-VM' });
  await dialog.getByLabel('IP address').fill(gateway);
  await dialog.getByLabel('Extra parameters').fill('-c 2');
  await dialog.getByRole('button', { name: 'Run ping' }).click();
  await expect(dialog.getByTestId('diagnostics-exitcode')).toHaveText('0');
  await expect(dialog.getByTestId('diagnostics-stdout')).toContainText('2 packets transmitted, 2 received, 0% packet loss');

  await dialog.getByLabel('IP address').fill('192.0.2.44');
  await dialog.getByLabel('Extra parameters').fill('');
  await dialog.getByRole('button', { name: 'Run ping' }).click();
  await expect(dialog.getByTestId('diagnostics-exitcode')).toHaveText('1');
  await expect(dialog.getByTestId('diagnostics-stdout')).toContainText('100% packet loss');

  await dialog.getByLabel('IP address').fill('10.0.0.1; reboot');
  await dialog.getByRole('button', { name: 'Run ping' }).click();
  await expect(dialog.getByText('10.0.0.1; reboot is not an IPv4 address')).toBeVisible();

  await dialog.getByRole('tab', { name: 'Get diagnostics data' }).click();
  await dialog.getByRole('checkbox', { name: '/var/log/cloud.log' }).uncheck();
  await dialog.getByRole('button', { name: /^Collect \d+ items$/ }).click();
  const link = dialog.getByRole('link', { name: /^Download diagnosticsfiles_s-6-VM_\d{8}T\d{6}\.zip$/ });
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toBe('application/zip');
  const body = await zip.body();
  expect(body.subarray(0, 4).toString('hex')).toBe('504b0304');
  expect(body.includes(Buffer.from('iptables.txt'))).toBe(true);
  expect(body.includes(Buffer.from('var_log_cloud.log'))).toBe(false);
});
