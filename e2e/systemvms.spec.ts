import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function openSystemVms(page: Page): Promise<void> {
  await page.goto('/systemvms');
  await logIn(page);
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
