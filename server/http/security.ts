import { parse as parseCookieHeader } from 'cookie';

/**
 * The Content-Security-Policy of every response: the app's own scripts only, Mantine's inline styles,
 * API calls to its own origin, and WebSockets to the console proxies (which listen on ports of their own).
 */
export function contentSecurityPolicy(consoleOrigins: string[] = []): string {
  const ws = consoleOrigins.length ? consoleOrigins.join(' ') : 'ws: wss:';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every answer of the serving process carries (pages, API JSON, downloads, forwarded answers). */
export const commonHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The Strict-Transport-Security header sent with answers over TLS (one year; not preloaded). */
export const HSTS = 'max-age=31536000';

/**
 * A Cookie request header as name -> value (the `cookie` package's RFC 6265 parser; the first of repeated
 * names wins, values are percent-decoded). Never throws.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  if (!header) return {};
  try {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parseCookieHeader(header))) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/**
 * A Set-Cookie value made for an answer over TLS: `Secure` is added when the exchange is https and the
 * cookie lacks it (as CloudStack's `enable.secure.session.cookie` does for JSESSIONID).
 */
export function secureCookie(setCookie: string, https: boolean): string {
  if (!https || /;\s*secure\s*(;|$)/i.test(setCookie)) return setCookie;
  return `${setCookie}; Secure`;
}
