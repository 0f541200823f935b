import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type StartedServer } from '../server/main-lib';
import { backgroundOf } from '../server/monitoring/background';
import { settingsByName } from '../server/settings/catalogue';
import { stepJobs } from '../server/testing/harness';
import { listSystemVms, listTemplates, templateNamed, zoneOfHypervisor } from './api';
import { apiAs, logIn, type ApiClient } from './fixtures';

/**
 * The zone-wide behaviours of the System VMs page, against a simulator of this test's own (port 0), so
 * that recreating and scaling system VMs disturbs no other test: the upgrade of a zone's system VMs with
 * progress, and VMware secondary storage VMs that come and go with their load.
 */
let server: StartedServer;
let admin: ApiClient;

test.beforeAll(async () => {
  // The periodic services act only when a test ticks them.
  server = await startServer({ port: 0, options: { database: ':memory:', routers: 12, speed: 20, background: false } });
  admin = await apiAs(server.url.replace(/\/$/, ''), 'admin');
});
test.afterAll(async () => {
  await admin?.dispose();
  await server?.close();
});

async function openSystemVms(page: Page): Promise<void> {
  await logIn(page, 'admin', { base: server.url.replace(/\/$/, ''), path: '/systemvms' });
  await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
}

test('upgrading the system VMs of a zone recreates them one at a time on the current template, with progress', async ({ page }) => {
  const old = await templateNamed(admin, 'systemvm-kvm-4.19.1');
  const zone = await zoneOfHypervisor(admin, 'KVM');
  // The KVM zone's system VMs still run the template of the previous release, as after a management server
  // upgrade. No API sets a system VM's template: CloudStack moves it only by recreating the VM.
  server.running.sim.db.prepare(`UPDATE systemvms SET version = '4.19.1', templateid = ? WHERE zoneid = ?`).run(old.id, zone.id);
  const before = (await listSystemVms(admin, { zoneid: zone.id })).map((vm) => vm.name);
  expect(before.length, 'the zone has system VMs').toBeGreaterThan(0);

  await openSystemVms(page);
  const section = page.getByRole('region', { name: zone.name });
  for (const name of before) await expect(section.getByTestId(`systemvm-${name}`)).toContainText('4.19.1');
  await section.getByRole('button', { name: 'Upgrade system VMs' }).click();
  const dialog = page.getByRole('dialog', { name: `Upgrade the system VMs of ${zone.name}?` });
  await expect(dialog).toContainText('Console sessions through the zone');
  // The jobs wait until the page has shown the upgrade in progress.
  server.running.sim.jobs.stop();
  await dialog.getByRole('button', { name: `Upgrade ${before.length} system VMs` }).click();

  const progress = page.getByTestId('zone-upgrade');
  await expect(progress).toContainText('in progress');
  server.running.sim.jobs.start();
  await expect(progress).toContainText(`Upgrade of the system VMs of ${zone.name}: done`, { timeout: 30_000 });
  await expect(progress).toContainText(`${before.length} of ${before.length} recreated`);
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  for (const name of before) await expect(section.getByTestId(`systemvm-${name}`)).toHaveCount(0);
  const rows = section.locator('[data-testid^="systemvm-"]');
  await expect(rows).toHaveCount(before.length);
  for (const row of await rows.all()) {
    await expect(row).toContainText('4.20.0');
    await expect(row.getByTestId('state')).toHaveText('Running');
  }
});

test('in a VMware zone a secondary storage VM is added as tasks pile up and removed when they are done', async ({ page }) => {
  const sim = server.running.sim;
  const bg = backgroundOf(sim)!;
  sim.settings.set(settingsByName.get('secstorage.session.max')!, '2');
  sim.settings.set(settingsByName.get('secstorage.capacity.standby')!, '1');
  // Neither setting is dynamic (Config.java): they take effect as after a management-server restart.
  sim.settings.takeSnapshot();
  const zone = await zoneOfHypervisor(admin, 'VMware');
  const first = (await listSystemVms(admin, { zoneid: zone.id, systemvmtype: 'secondarystoragevm' }))[0]!;
  const template = (await listTemplates(admin))[0]!.id;

  await openSystemVms(page);
  const section = page.getByRole('region', { name: zone.name });
  await expect(section.locator('[data-testid^="systemvm-s-"]')).toHaveCount(1);

  // No API creates a secondary storage task: they are the storage VM's own copies (SecondaryStorageManagerImpl
  // counts them), so the test writes two running ones, and later ends them, in the simulator's table.
  const ins = sim.db.prepare(`INSERT INTO ssvm_tasks (id, kind, zoneid, ssvmid, templateid, state, percent, created, updated_ms)
    VALUES (?, 'copy', ?, ?, ?, 'Downloading', 30, '2026-01-01T00:00:00+0000', ?)`);
  for (let i = 0; i < 2; i++) ins.run(randomUUID(), zone.id, first.id, template, Date.now());
  expect(bg.scaler.tick()[zone.id]).toEqual({ action: 'add' });
  const ssvms = section.locator('[data-testid^="systemvm-s-"]');
  await expect(ssvms).toHaveCount(2);
  const added = ssvms.filter({ hasNotText: first.name });
  await expect(added.getByTestId('state')).toHaveText('Running');

  sim.db.prepare(`UPDATE ssvm_tasks SET state = 'Completed', percent = 100 WHERE zoneid = ?`).run(zone.id);
  expect(bg.scaler.tick()[zone.id]).toMatchObject({ action: 'remove' });
  await expect(ssvms).toHaveCount(1);
  await expect(section.getByTestId(`systemvm-${first.name}`)).toBeVisible();
});

test('a snapshot backup through the secondary storage VM is listed with its progress', async ({ page }) => {
  // A simulator of its own whose jobs the test steps itself: the backup waits at each step until the test moves it.
  const slow = await startServer({ port: 0, options: { database: ':memory:', routers: 12, speed: 1, background: false } });
  const base = slow.url.replace(/\/$/, '');
  try {
    const sim = slow.running.sim;
    sim.jobs.stop();
    backgroundOf(sim)!.snapshots.tick();
    stepJobs(sim);
    await logIn(page, 'admin', { base, path: '/systemvms' });
    await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
    const tasks = page.getByRole('region', { name: 'Secondary storage tasks' });
    const backup = tasks.getByRole('row').filter({ hasText: 'Snapshot backup' }).first();
    await expect(backup).toBeVisible({ timeout: 60_000 });
    // Its VM is named, and its progress rises.
    const admin = await apiAs(base, 'admin');
    const job = ((await admin.call('listAsyncJobs', { listall: true })).asyncjobs as { cmd: string; jobinstanceid: string }[])
      .find((j) => /CreateSnapshotCmd$/.test(j.cmd))!;
    const vm = ((await admin.call('listVirtualMachines', { listall: true, id: job.jobinstanceid })).virtualmachine as { name: string }[])[0]!;
    await admin.dispose();
    await expect(backup).toContainText(vm.name);
    const bar = backup.getByRole('progressbar');
    const first = Number(await bar.getAttribute('aria-valuenow'));
    for (let i = 0; i < 5; i++) stepJobs(sim);
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(first);
  } finally {
    await slow.close();
  }
});
