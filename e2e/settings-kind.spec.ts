/**
 * Issue 16, settings: the Zone tab without a zone edits nothing; router.template.* values are checked the
 * way CloudStack looks them up; enabling service monitoring says what must start again; the removed
 * consoleproxy.loadscan.interval is said to be gone where an admin looks for it. As admin, at 1366x768.
 */
import { expect, test, type Page } from '@playwright/test';
import { generatedImage, startFileServer, type FileServer } from '../server/testing/fileserver';
import { listZones } from './api';
import { pageApi } from './fixtures';
import { logInAs } from './users';

test.use({ viewport: { width: 1366, height: 768 } });

let files: FileServer;
test.beforeAll(async () => {
  files = await startFileServer();
});
test.afterAll(async () => {
  files.release();
  await files.close();
});

test('Settings > Zone with no zone chosen shows no table to edit', async ({ page }) => {
  await logInAs(page, 'admin');
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Global settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await page.locator('label').filter({ hasText: /^Zone$/ }).click();
  await expect(page.getByRole('heading', { name: 'Zone settings', level: 1 })).toBeVisible();
  await expect(page.getByText('Choose a zone to see its settings.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
});

async function editKvmTemplate(page: Page, value: string) {
  const setting = page.locator('tr[data-setting="router.template.kvm"]');
  await setting.getByRole('button', { name: 'Edit router.template.kvm' }).click();
  const input = setting.getByRole('combobox', { name: 'Value of router.template.kvm' });
  await input.fill(value);
  await input.press('Escape');
  await setting.getByRole('button', { name: 'Save', exact: true }).click();
  const warning = setting.getByTestId('template-warning');
  await expect(warning).toBeVisible();
  return { setting, warning };
}

test('router.template.kvm warns of another hypervisor, two templates of one name, and a template not Ready in the zone', async ({ page }) => {
  await logInAs(page, 'admin');
  const api = await pageApi(page);
  const zone = (await listZones(api))[0]!;
  const register = (name: string, path: string, holdAt?: number) =>
    api.call('registerTemplate', { name, displaytext: name, hypervisor: 'KVM', format: 'QCOW2', zoneid: zone.id, isrouting: 'true',
      url: files.add(path, { body: generatedImage(64 * 1024, path.length), holdAt }) });
  await register('DupTemplate', '/dup/one-kvm.qcow2');
  await register('DupTemplate', '/dup/two-kvm.qcow2');
  await register('HeldTemplate', '/held/held-kvm.qcow2', 1024);

  await page.goto(`/settings/zone/${zone.id}`);
  await expect(page.locator('tr[data-setting="router.template.kvm"]')).toBeVisible();

  let { setting, warning } = await editKvmTemplate(page, 'systemvm-vmware-4.19.1');
  await expect(warning).toContainText('"systemvm-vmware-4.19.1" is a template for VMware, not KVM');
  await setting.getByRole('button', { name: 'Cancel' }).click();

  ({ setting, warning } = await editKvmTemplate(page, 'DupTemplate'));
  await expect(warning).toContainText('2 KVM templates are named "DupTemplate"');
  await setting.getByRole('button', { name: 'Cancel' }).click();

  ({ setting, warning } = await editKvmTemplate(page, 'HeldTemplate'));
  await expect(warning).toContainText(`"HeldTemplate" is not Ready in zone ${zone.name}`);
  // Nothing was saved while the warning stands.
  await setting.getByRole('button', { name: 'Keep editing' }).click();
  await setting.getByRole('button', { name: 'Cancel' }).click();
  await expect(setting.getByTestId('value-router.template.kvm')).not.toHaveText('HeldTemplate');
});

test('enabling service monitoring says the routers get it when they next start', async ({ page }) => {
  await logInAs(page, 'admin');
  await page.goto('/settings?q=servicemonitoring');
  const row = page.locator('tr[data-setting]').filter({ hasText: /network\.router\.enableservicemonitoring/i });
  await expect(row).toHaveCount(1);
  const name = (await row.getAttribute('data-setting'))!;
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const toggle = row.getByRole('switch', { name: `Value of ${name}` });
  if (!(await toggle.isChecked())) await toggle.check({ force: true });
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row.getByTestId(`note-${name}`)).toContainText('Running routers start monitoring their services only when they next start');
  await expect(row.getByTestId(`note-${name}`)).toContainText('Reboot the routers');
});

test('consoleproxy.loadscan.interval is said to be removed in CloudStack 4.10, and not offered for editing', async ({ page }) => {
  await logInAs(page, 'admin');
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Search settings' }).fill('consoleproxy.loadscan');
  const notice = page.getByTestId('removed-setting');
  await expect(notice).toContainText('consoleproxy.loadscan.interval no longer exists');
  await expect(notice).toContainText('CloudStack 4.10 removed consoleproxy.loadscan.interval');
  await expect(page.getByRole('button', { name: 'Edit consoleproxy.loadscan.interval' })).toHaveCount(0);
});
