/**
 * CloudStack's request signature: every parameter but `signature`, each value URL-encoded as Java's
 * URLEncoder does (spaces as %20), sorted by name, joined with &, lower-cased; then HMAC-SHA1 with the
 * secret key, base64. This module builds the string to sign; the HMAC is the caller's (node:crypto on
 * the server and in scripts, WebCrypto in a browser).
 */
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function stringToSign(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k.toLowerCase() !== 'signature')
    .sort()
    .map((k) => `${k}=${encodeValue(params[k] ?? '')}`)
    .join('&')
    .toLowerCase();
}

/** `yyyy-MM-dd'T'HH:mm:ssZ`, the form `expires` takes with signatureVersion=3. */
export function formatExpires(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}` +
    `T${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}+0000`
  );
}

/** Parses `expires` as CloudStack accepts it: an ISO-like date with an offset (+0000, +05:30 or Z). */
export function parseExpires(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!m) return undefined;
  const zone = m[7] === 'Z' ? '+00:00' : m[7]!.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
