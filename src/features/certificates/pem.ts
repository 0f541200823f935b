/**
 * Reading PEM text as an admin pastes it: finds the `-----BEGIN X-----` blocks, decodes their base64, and
 * names what each one is. Pure functions, no crypto.
 */

export type PemLabel =
  | 'CERTIFICATE'
  | 'PRIVATE KEY'
  | 'RSA PRIVATE KEY'
  | 'EC PRIVATE KEY'
  | 'ENCRYPTED PRIVATE KEY'
  | 'CERTIFICATE REQUEST'
  | 'PUBLIC KEY'
  | string;

export interface PemBlock {
  label: PemLabel;
  /** Headers such as `Proc-Type: 4,ENCRYPTED` (traditional OpenSSL encryption). */
  headers: Record<string, string>;
  der: Uint8Array;
  /** The block re-written in canonical form (64-character lines). */
  pem: string;
}

export type PemRead = { ok: true; blocks: PemBlock[] } | { ok: false; reason: string };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return undefined;
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function encodeBase64(der: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < der.length; i++) bin += String.fromCharCode(der[i]!);
  return btoa(bin);
}

/** Writes DER as a PEM block with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Every PEM block in a text, in order. Text outside the blocks (such as `openssl x509 -text` output or
 * "Bag Attributes" lines) is ignored; a block whose BEGIN and END differ or whose body is not base64 is
 * an error naming the block.
 */
export function readPem(text: string): PemRead {
  const blocks: PemBlock[] = [];
  const normalized = text.replace(/\r\n?/g, '\n');
  for (const m of normalized.matchAll(BLOCK)) {
    const [, begin, body, end] = m as unknown as [string, string, string, string];
    if (begin !== end) return { ok: false, reason: `A block begins as "${begin}" but ends as "${end}".` };
    const headers: Record<string, string> = {};
    const lines = body.split('\n');
    const base64Lines: string[] = [];
    for (const line of lines) {
      const h = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
      if (h) headers[h[1]!] = h[2]!;
      else base64Lines.push(line);
    }
    const der = decodeBase64(base64Lines.join(''));
    if (!der) return { ok: false, reason: `The "${begin}" block is damaged: its body is not base64 (was part of it lost when copying?).` };
    blocks.push({ label: begin, headers, der, pem: toPem(begin, der) });
  }
  if (blocks.length === 0) {
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(normalized)) {
      return { ok: false, reason: 'The PEM text has a BEGIN line but no matching END line: paste the whole block, END line included.' };
    }
    return { ok: false, reason: 'This is not PEM text: it needs a "-----BEGIN …-----" line, the base64 body and an "-----END …-----" line.' };
  }
  return { ok: true, blocks };
}

/** True for the labels of private keys in any of their forms. */
export function isPrivateKeyLabel(label: string): boolean {
  return /PRIVATE KEY$/.test(label);
}
