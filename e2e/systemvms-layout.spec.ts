/**
 * Issue 16, layout: the system VMs' Console button and action menu are in view without scrolling sideways,
 * at a laptop's 1366x768 and at 1920x1080. As admin.
 */
import { expect, test } from '@playwright/test';
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
        await menu.scrollIntoViewIfNeeded();
        // In view without any sideways scroll of its table.
        const box = (await menu.boundingBox())!;
        expect(box.x + box.width, 'the menu button ends inside the window').toBeLessThanOrEqual(viewport.width);
        const scroller = menu.locator('xpath=ancestor::div[contains(@class, "ScrollContainer")][1]');
        if ((await scroller.count()) > 0) expect(await scroller.first().evaluate((el) => el.scrollLeft)).toBe(0);
        await expect(menu).toBeInViewport();
        const name = (await menu.getAttribute('aria-label'))!.replace(/^Actions for /, '');
        await expect(page.getByRole('button', { name: `Open the console of ${name}` })).toBeInViewport();
      }
      // The menu opens and offers the actions.
      await menus.first().click();
      await expect(page.getByRole('menuitem').first()).toBeVisible();
    });
  });
}
