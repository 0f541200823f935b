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

/**
 * The connect-src sources for the console proxies, from where they can be reached now: the address they
 * listen on (ws and wss, any port: each proxy has a port of its own), and every domain they are named
 * under. CloudStack names a proxy aaa-bbb-ccc-ddd.<domain> from consoleproxy.url.domain when it is a
 * wildcard (`*.console.example.com`), or the one fixed name it holds (ConsoleProxyManagerImpl). A proxy
 * keeps the name of the certificate it started with until it restarts, so the domains are both the
 * setting's current value and the domain of the certificate the proxies serve: a page loaded between a
 * change of the setting and the proxies' restart reaches both. `plainDomains` (the setting's values) are also
 * allowed over ws, for proxies that serve no certificate. Values that are not host names are left out.
 */
export function consoleConnectSources(
  listenHost: string,
  domains: readonly (string | null | undefined)[],
  plainDomains: readonly (string | null | undefined)[] = [],
): string[] {
  const out = [`ws://${listenHost}:*`, `wss://${listenHost}:*`];
  const add = (list: readonly (string | null | undefined)[], scheme: 'ws' | 'wss') => {
    for (const d of list) {
      const domain = d?.trim().toLowerCase();
      if (!domain || !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain)) continue;
      const source = `${scheme}://${domain}:*`;
      if (!out.includes(source)) out.push(source);
    }
  };
  add(domains, 'wss');
  // Proxies without a certificate are named by consoleproxy.url.domain too (ConsoleProxyInfo.formatProxyAddress), over ws.
  add(plainDomains, 'ws');
  return out;
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
