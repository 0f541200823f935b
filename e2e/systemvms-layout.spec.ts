/**
 * Issue 16, layout: the system VMs' Console button and action menu are in view without scrolling sideways,
 * at a laptop's 1366x768 and at 1920x1080. As admin. The State badges show every state whole at 1400x900 and 1280x800.
 */
import { expect, test } from '@playwright/test';
import { expectBadgesShowWhole } from './badges';
import { logInAs } from './users';

for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('every system VM row shows its Console and its action menu', async ({ page }) => {
      await logInAs(page, 'admin');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System VMs' }).click();
      await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
      const menus = page.getByRole('button', { name: /^Actions for / });
      await expect(menus.first()).toBeVisible();
      const count = await menus.count();
      expect(count).toBeGreaterThan(1);
      for (let i = 0; i < count; i++) {
        const menu = menus.nth(i);
        // Scroll the page down to the row, never a table sideways (scrollIntoView would do both).
        await menu.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2));
        expect(await menu.evaluate((el) => el.closest('[class*="scrollContainer"]')?.scrollLeft ?? 0)).toBe(0);
        await expect(menu).toBeInViewport({ ratio: 1 });
        const name = (await menu.getAttribute('aria-label'))!.replace(/^Actions for /, '');
        await expect(page.getByRole('button', { name: `Open the console of ${name}` })).toBeInViewport({ ratio: 1 });
      }
      // The menu opens and offers the actions.
      await menus.first().click();
      await expect(page.getByRole('menuitem').first()).toBeVisible();
    });
  });
}

/** Every state of a system VM (VirtualMachine.State in CloudStack's api module). */
const SYSTEMVM_STATES = ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown', 'Shutdown'];

for (const viewport of [{ width: 1400, height: 900 }, { width: 1280, height: 800 }]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('the State badge of every system VM shows any state whole', async ({ page }) => {
      await logInAs(page, 'admin');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System VMs' }).click();
      await expect(page.getByRole('heading', { name: 'System VMs', level: 1 })).toBeVisible();
      await expectBadgesShowWhole(page.getByTestId('state').locator('.mantine-Badge-root'), SYSTEMVM_STATES);
    });
  });
}
