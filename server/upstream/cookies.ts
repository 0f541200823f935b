/**
 * Rewrites a Set-Cookie header of the upstream management server for the browser of this origin: the
 * cookie is scoped to /client here, has no Domain of the upstream, and stays HttpOnly. Cookies that would
 * put a secret where page scripts can read it (CloudStack's `sessionkey` cookie) are dropped: the app gets
 * the key from the login answer, or after a reload from /client/session.
 */
export function rewriteSetCookie(header: string): string | undefined {
  const [pair, ...attrs] = header.split(';').map((s) => s.trim());
  if (!pair) return undefined;
  const name = pair.slice(0, pair.indexOf('=')).trim();
  if (name.toLowerCase() === 'sessionkey') return undefined;
  const kept = attrs.filter((a) => {
    const key = a.split('=')[0]!.trim().toLowerCase();
    return key === 'max-age' || key === 'expires';
  });
  const httpOnly = name === 'JSESSIONID' ? ['HttpOnly'] : [];
  return [pair, 'Path=/client', ...kept, ...httpOnly, 'SameSite=Lax'].join('; ');
}

export function cookieValue(setCookie: string[], name: string): string | undefined {
  for (const c of setCookie) {
    const m = new RegExp(`^\\s*${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}
