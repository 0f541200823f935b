/**
 * "Changing the Default System VM Template" of CloudStack's Administration Guide (adminguide/systemvm.rst), end to end: register KVM64bitTemplate with
 * Routing (downloaded by the zone's SSVM from a local HTTP server this test starts), watch the download
 * reach Ready, set router.template.kvm in the zone's settings (a dynamic ConfigKey: no restart); a new router
 * in that zone then runs the new template. A setting that is not dynamic (router.stats.interval) says a
 * restart is pending, and after the management server restarts, that it has happened (lastserverstart).
 *
 * This spec runs its own simulator (startServer in the test process, on a temporary database file) so
 * that it can stop it and start it again on the same file and port, as an admin restarts the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { generatedImage, startFileServer, type FileServer } from '../server/testing/fileserver';
import { listNetworks, listRouters, templateNamed, zoneOfHypervisor } from './api';
import { apiAs, logIn as logInAs } from './fixtures';

const OPTIONS = { routers: 60, speed: 20 };

async function logIn(page: Page, base: string): Promise<void> {
  await logInAs(page, 'admin', { base: base.replace(/\/$/, '') });
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
}

test.describe('system VM template roll-out', () => {
  let dir: string;
  let server: StartedServer | undefined;
  let files: FileServer;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-templates-'));
    files = await startFileServer();
  });
  test.afterAll(async () => {
    await server?.close();
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('register KVM64bitTemplate, download to Ready, set router.template.kvm, a new router runs it; a static setting waits for the restart', async ({ page }) => {
    const database = join(dir, 'simulator.db');
    server = await startServer({ port: 0, options: { ...OPTIONS, database } });
    const port = server.port;
    const base = server.url;
    const admin = await apiAs(base.replace(/\/$/, ''), 'admin');
    const zone = await zoneOfHypervisor(admin, 'KVM');
    const image = generatedImage(4 * 1024 * 1024, 64);
    const url = files.add('/templates/4.2/64bit/systemvmtemplate64-2013-07-15-master-kvm.qcow2.bz2', { body: image, holdAt: 1024 * 1024 });
    // The file server listens on loopback: the admin allows it as an internal mirror (secstorage.allowed.internal.sites).
    await admin.call('updateConfiguration', { name: 'secstorage.allowed.internal.sites', value: '127.0.0.1/32' });

    await logIn(page, base);

    // Register the template with Routing.
    await page.getByRole('link', { name: 'Templates' }).click();
    await expect(page.getByRole('heading', { name: 'Templates', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Register template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register template' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('KVM64bitTemplate');
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
    await dialog.getByRole('combobox', { name: 'Zone' }).click();
    await page.getByRole('option', { name: zone.name, exact: true }).click();
    await expect(dialog.getByRole('checkbox', { name: /Routing/ })).toBeChecked();
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toBeHidden();

    // The download shows progress in percent (the file server holds the transfer part-way), then Ready.
    const row = page.locator('tr[data-template="KVM64bitTemplate"]');
    await expect(row).toContainText('ROUTING');
    await files.held();
    await expect(row.getByRole('status')).toHaveText(/^\d{1,2}% Downloaded$/);
    await expect(row.getByRole('progressbar', { name: 'Download of KVM64bitTemplate' })).toBeVisible();
    files.release();
    await expect(row.getByText('Ready')).toBeVisible();

    // Infrastructure > Zone > Settings: the zone's settings, opened on router.template.
    await page.getByRole('link', { name: 'Settings' }).click();
    // The settings screen is a chunk of its own: until it shows, the templates table's "Zone" header is on screen.
    await expect(page.getByRole('heading', { name: 'Global settings', level: 1 })).toBeVisible();
    await page.getByText('Zone', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Zone' }).click();
    await page.getByRole('option', { name: zone.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/settings/zone/${zone.id}`));
    await expect(page.getByLabel('Search settings')).toHaveValue('router.template');
    const setting = page.locator('tr[data-setting="router.template.kvm"]');
    await expect(setting.getByText('router.template.kvm')).toBeVisible();
    // router.template.* are dynamic ConfigKeys: no restart is asked for.
    await expect(setting.getByText('Restart required')).toHaveCount(0);
    await expect(page.locator('tr[data-setting="router.stats.interval"]')).toHaveCount(0);

    // A name no routing template has is saved only after a warning.
    await setting.getByRole('button', { name: 'Edit router.template.kvm' }).click();
    const input = setting.getByRole('combobox', { name: 'Value of router.template.kvm' });
    await input.fill('KVM64bitTemplat');
    await input.press('Escape');
    await setting.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(setting.getByRole('alert')).toContainText('No routing or system template for KVM is named "KVM64bitTemplat"');
    await setting.getByRole('button', { name: 'Keep editing' }).click();
    await input.fill('');
    await input.click();
    await page.getByRole('option', { name: 'KVM64bitTemplate', exact: true }).click();
    await expect(input).toHaveValue('KVM64bitTemplate');
    await setting.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(setting.getByRole('status')).toContainText('Saved.');
    await expect(setting.getByRole('status')).not.toContainText('must be restarted');
    await expect(setting.getByTestId('value-router.template.kvm')).toHaveText('KVM64bitTemplate');

    // A router deployed now runs the new template, without a restart.
    // A non-redundant router of an isolated network outside a VPC: restarting its network with cleanup recreates it.
    const isolated = new Set((await listNetworks(admin, { zoneid: zone.id, type: 'Isolated' })).filter((n) => !n.vpcid).map((n) => n.id));
    const router = (await listRouters(admin, { zoneid: zone.id })).find((r) => !r.isredundantrouter && !r.vpcid && isolated.has(r.guestnetworkid ?? ''));
    expect(router, 'a router of an isolated network in the KVM zone').toBeTruthy();
    const net = { id: router!.guestnetworkid! };
    const tpl = await templateNamed(admin, 'KVM64bitTemplate');
    const recreate = async () => {
      const { jobid } = (await admin.call('restartNetwork', { id: net.id, cleanup: true })) as { jobid: string };
      await expect.poll(async () => (await admin.call('queryAsyncJobResult', { jobid })).jobstatus).toBe(1);
      return (await listRouters(admin, { networkid: net.id }))[0]!;
    };
    expect(await recreate()).toMatchObject({ templateid: tpl.id, templatename: 'KVM64bitTemplate', requiresupgrade: false });

    // A setting that is not dynamic: saved, the screen says a restart is pending...
    await page.goto(`${base}settings?q=router.stats.interval`);
    const stats = page.locator('tr[data-setting="router.stats.interval"]');
    await expect(stats.getByText('Restart required')).toBeVisible();
    await stats.getByRole('button', { name: 'Edit router.stats.interval' }).click();
    await stats.getByRole('textbox', { name: 'Value of router.stats.interval' }).fill('600');
    await stats.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(stats.getByRole('status')).toContainText('The management server must be restarted for this setting to take effect');
    await expect(stats.getByText('Restart pending')).toBeVisible();

    // ...and once the management server has restarted (same database, same port), that it has happened.
    await admin.dispose();
    await server.close();
    server = undefined;
    server = await startServer({ port, options: { ...OPTIONS, database } });
    await expect(stats.getByText('Restarted since the change')).toBeVisible({ timeout: 60_000 });
    await expect(stats.getByText('Restart pending')).toHaveCount(0);
    // listConfigurations answers the saved value, not the one in effect (ConfigDepot reads it at start): no API can tell.
    expect(server.running.sim.settings.effective('router.stats.interval')).toBe('600');
  });
});
