import { expect, type Locator } from '@playwright/test';

/**
 * Checks that each of `texts`, written into each of `badges` (Mantine Badges) in turn, shows whole: neither the
 * badge nor its label clips it (scrollWidth <= clientWidth; Mantine's Badge clips with an ellipsis). Writing the
 * texts into the badges on the page lets the table lay out every value CloudStack may give, whatever the data.
 */
export async function expectBadgesShowWhole(badges: Locator, texts: readonly string[]): Promise<void> {
  await expect(badges.first()).toBeVisible();
  const clipped = await badges.evaluateAll((elements, all) => {
    const found: string[] = [];
    for (const text of all) {
      for (const el of elements) {
        const label = (el.querySelector('.mantine-Badge-label') ?? el) as HTMLElement;
        label.textContent = text;
      }
      // Reading scrollWidth lays the table out again with the new texts.
      for (const el of elements) {
        const label = (el.querySelector('.mantine-Badge-label') ?? el) as HTMLElement;
        for (const box of [el as HTMLElement, label]) {
          if (box.scrollWidth > box.clientWidth) found.push(`${text}: ${box.scrollWidth} > ${box.clientWidth}`);
        }
      }
    }
    return found;
  }, texts);
  expect(clipped).toEqual([]);
}
