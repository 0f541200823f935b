import type { Page } from 'playwright-core';

/**
 * What the routers benchmark and its profiling aids do in the page, written once: log in, scroll the list, switch
 * the grouping. Used by bench/routers.ts and bench/profile-{interact,routers,scroll}.ts.
 */

/** Logs in as the demo cloud's root admin and waits for the dashboard. `base`: the serving process's URL. */
export async function logIn(page: Page, base: string): Promise<void> {
  await page.goto(new URL('/login', base).toString());
  await page.getByRole('textbox', { name: 'Username' }).fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: 120_000 });
}

/** Scrolls the list by about three rows a frame (a fast wheel or a dragged scrollbar) and records frame times. */
export const SCROLL_JS = (duration: number) => `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="router-table"]');
  const deltas = [];
  const rows = () => document.querySelectorAll('[data-testid="router-row"]').length;
  let rowsInDom = rows();
  let last = performance.now();
  const start = last;
  const step = (now) => {
    deltas.push(now - last);
    last = now;
    el.scrollTop += 120;
    rowsInDom = Math.max(rowsInDom, rows());
    if (now - start < ${duration} && el.scrollTop + el.clientHeight < el.scrollHeight) requestAnimationFrame(step);
    else resolve({ deltas: deltas.slice(1), scrolled: el.scrollTop, rowsInDom });
  };
  requestAnimationFrame(step);
})`;

/**
 * Changes "Select view" as a user does (a change event on the native select) and times, in the page, until
 * an element matching `waitFor` is in the DOM and the next frame has been produced.
 */
export const SWITCH_JS = (value: string, waitFor: string) => `(async () => {
  const select = [...document.querySelectorAll('select')].find((s) => (s.labels?.[0]?.textContent || '').includes('Select view'));
  const t0 = performance.now();
  select.value = ${JSON.stringify(value)};
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((resolve) => {
    const check = () => { if (document.querySelector(${JSON.stringify(waitFor)})) { obs.disconnect(); resolve(); } };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { childList: true, subtree: true });
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
})()`;
