/**
 * What the login page is told through the router's location state (never through the URL):
 * where the user was, and why they are logging in again.
 */
export interface ReturnLocation {
  pathname: string;
  search: string;
  hash: string;
}

export interface LoginState {
  from?: ReturnLocation;
  reason?: 'expired';
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** Reads a location state that may come from anywhere (history entries survive reloads). */
export function readLoginState(state: unknown): LoginState {
  if (typeof state !== 'object' || state === null) return {};
  const { from, reason } = state as { from?: unknown; reason?: unknown };
  const result: LoginState = {};
  if (reason === 'expired') result.reason = 'expired';
  if (typeof from === 'object' && from !== null) {
    const { pathname, search, hash } = from as { pathname?: unknown; search?: unknown; hash?: unknown };
    if (isString(pathname)) {
      result.from = { pathname, search: isString(search) ? search : '', hash: isString(hash) ? hash : '' };
    }
  }
  return result;
}

/** Where to go after logging in: back to an in-app page, never to another origin or to /login again. */
export function redirectTarget(state: LoginState): string {
  const from = state.from;
  if (!from) return '/';
  const { pathname } = from;
  if (!pathname.startsWith('/') || pathname.startsWith('//') || pathname.includes('\\')) return '/';
  if (pathname === '/login' || pathname.startsWith('/login/')) return '/';
  const search = from.search === '' || from.search.startsWith('?') ? from.search : '';
  const hash = from.hash === '' || from.hash.startsWith('#') ? from.hash : '';
  return pathname + search + hash;
}
