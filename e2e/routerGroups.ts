import { expect, type Page } from '@playwright/test';

/** In a grouped routers view, the group with the most routers requiring an upgrade (its name and that count). */
export async function groupWithMostStale(page: Page): Promise<{ name: string; count: number }> {
  const rows = page.getByTestId('group-row');
  await expect(rows.first()).toBeVisible();
  let best = { name: '', count: 0 };
  for (const row of await rows.all()) {
    const count = Number(await row.getByTestId('group-requiring-upgrade').innerText());
    const name = await row.getByRole('button', { name: /^Routers of / }).innerText();
    if (count > best.count) best = { name, count };
  }
  return best;
}
