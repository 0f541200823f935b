import type { Page, Request } from '@playwright/test';

/**
 * What the page asked for before the app's own code ran (src/api/early.ts): the app's entry chunk is held back
 * until the page has asked for `wanted` (or `limitMs` has passed), so "before" does not depend on the machine's
 * speed. Each request is named: `session`, `first view` (the routers' first view), an API command as `command` or `command pagesize=N`, or a file under
 * /assets/ by its name without the hash (`RoutersPage.js`).
 */
export interface EarlyWatch {
  /** Every request's name, in the order the page made them. */
  requests: string[];
  /** The names asked for while the entry was held (filled when it is released). */
  beforeEntry: Promise<string[]>;
}

/** A request's name as EarlyWatch gives it. */
export function requestName(request: Request): string {
  const url = new URL(request.url());
  if (url.pathname === '/client/session') return 'session';
  if (url.pathname.startsWith('/client/first-view/')) return 'first view';
  if (url.pathname === '/client/api') {
    const params = new URLSearchParams(request.postData() ?? url.search);
    const size = params.get('pagesize');
    return `${params.get('command')}${size ? ` pagesize=${size}` : ''}`;
  }
  return url.pathname.replace(/^\/assets\//, '').replace(/-[\w-]{8}(\.(js|css))$/, '$1');
}

/**
 * Holds the app's entry chunk (app-*.js, see vite.config.ts; index-*.js without its chunk groups) of every navigation
 * of `page` until `wanted` have all been asked for and `release` (when given) has resolved. A test that holds the
 * entry with `release` navigates with `waitUntil: 'commit'` (the page's load waits for the entry).
 */
export async function watchEarlyStart(page: Page, wanted: string[], limitMs = 30_000, release?: Promise<unknown>): Promise<EarlyWatch> {
  const requests: string[] = [];
  let seenAll!: () => void;
  const allSeen = new Promise<void>((resolve) => (seenAll = resolve));
  page.on('request', (request) => {
    requests.push(requestName(request));
    if (wanted.every((w) => requests.includes(w))) seenAll();
  });
  let entryReleased!: (names: string[]) => void;
  const beforeEntry = new Promise<string[]>((resolve) => (entryReleased = resolve));
  await page.route(/\/assets\/(index|app)-[\w-]+\.js$/, async (route) => {
    // Without the early start nothing in `wanted` is asked for before the entry runs: the limit then releases it.
    await Promise.race([allSeen, new Promise((resolve) => setTimeout(resolve, limitMs))]);
    await release;
    entryReleased([...requests]);
    await route.continue();
  });
  return { requests, beforeEntry };
}
