/**
 * Issue 16, templates: a failed download offers Retry and Edit URL, and says how to host the template on
 * an internal web server when the cloud cannot reach the Internet. As admin, at 1366x768.
 */
import { expect, test } from '@playwright/test';
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
  await files.close();
});

test('a download that cannot reach its server offers Retry and Edit URL, and Edit URL brings it to Ready', async ({ page }) => {
  // A server that is gone: its port refuses connections.
  const gone = await startFileServer();
  const deadUrl = gone.add('/templates/offline-kvm.qcow2.bz2', { body: generatedImage(1024, 3) });
  await gone.close();
  const goodUrl = files.add('/internal/offline-kvm.qcow2.bz2', { body: generatedImage(256 * 1024, 5) });

  await logInAs(page, 'admin');
  const api = await pageApi(page);
  const zone = (await listZones(api))[0]!;
  await api.call('registerTemplate', { name: 'OfflineTemplate', displaytext: 'OfflineTemplate', url: deadUrl, hypervisor: 'KVM',
    format: 'QCOW2', zoneid: zone.id, isrouting: 'true' });

  await page.goto('/templates');
  const row = page.locator('tr[data-template="OfflineTemplate"]');
  // The secondary storage VM may not download from an internal address until the admin allows it.
  await expect(row.getByRole('status')).toContainText('is not allowed', { timeout: 45_000 });
  await expect(row).toContainText('If the cloud cannot reach the Internet, put the file on a web server inside it');
  // Only Delete was offered before: the two new actions are visible at a laptop's width.
  const retryButton = row.getByRole('button', { name: `Retry the download of OfflineTemplate in ${zone.name}` });
  const edit = row.getByRole('button', { name: `Edit the URL of OfflineTemplate in ${zone.name}` });
  // Scroll the page down to the row only, never the table sideways.
  await row.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2));
  await expect(retryButton).toBeInViewport();
  await expect(edit).toBeInViewport();

  // The admin allows the internal network, as the dialog says, then retries from the same URL: refused now.
  await retryButton.click();
  const retry = page.getByRole('dialog', { name: 'Retry the download of OfflineTemplate' });
  await expect(retry).toContainText(`registers it again there from ${deadUrl}`);
  await expect(retry).toContainText('secstorage.allowed.internal.sites');
  await api.call('updateConfiguration', { name: 'secstorage.allowed.internal.sites', value: '127.0.0.1/32' });
  try {
    await retry.getByRole('button', { name: 'Retry download' }).click();
    await expect(retry).toBeHidden({ timeout: 30_000 });
    await expect(page.locator('tr[data-template="OfflineTemplate"]')).toHaveCount(1);
    await expect(row.getByRole('status')).toContainText('Failed to download: connection refused', { timeout: 45_000 });
    await edit.click();
    const dialog = page.getByRole('dialog', { name: 'Edit the URL of OfflineTemplate' });
    await expect(dialog).toContainText('python3 -m http.server');
    const url = dialog.getByRole('textbox', { name: 'URL' });
    await expect(url).toHaveValue(deadUrl);
    await url.fill(goodUrl);
    await dialog.getByRole('button', { name: 'Register from this URL' }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    // One template of that name again, now downloaded from the internal server.
    await expect(page.locator('tr[data-template="OfflineTemplate"]')).toHaveCount(1);
    await expect(page.locator('tr[data-template="OfflineTemplate"]').getByText('Ready')).toBeVisible({ timeout: 45_000 });
    expect(files.requests.some((r) => r.path === '/internal/offline-kvm.qcow2.bz2')).toBe(true);
  } finally {
    await api.call('resetConfiguration', { name: 'secstorage.allowed.internal.sites' });
  }
});
