/**
 * Reading PEM text as an admin pastes it: finds the `-----BEGIN X-----` blocks, decodes them with
 * `@peculiar/x509`'s PemConverter (base64 body and RFC 1421 headers), and names what each one is. This module
 * only adds what a person needs to mend a paste the library would silently skip: a BEGIN without its END, a
 * BEGIN and END that differ, a damaged body. Pure functions, no crypto.
 */
import { x509 } from './x509';

const { PemConverter } = x509;

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

/** Writes DER as a PEM block with 64-character lines and a final newline (PemConverter.encode). */
export function toPem(label: string, der: Uint8Array): string {
  return `${PemConverter.encode(new Uint8Array(der), label)}\n`;
}

/**
 * One block's body decoded by PemConverter, or undefined when it is not a PEM body (not base64, a line cut).
 * Blank lines and spaces around lines (as mail and chat clients add them) are dropped first; the blank line
 * after headers is kept.
 */
function decodeBlock(label: string, body: string): { der: Uint8Array; headers: Record<string, string> } | undefined {
  const lines = body.split('\n').map((l) => l.trim());
  const headerLines: string[] = [];
  let i = 0;
  while (i < lines.length && (lines[i] === '' || /^[A-Za-z-]+:/.test(lines[i]!))) {
    if (lines[i] !== '') headerLines.push(lines[i]!);
    i++;
  }
  const base64 = lines.slice(i).filter((l) => l !== '');
  if (base64.length === 0) return undefined;
  const head = headerLines.length ? `${headerLines.map((h) => h.replace(/:\s*/, ': ')).join('\n')}\n\n` : '';
  const text = `-----BEGIN ${label}-----\n${head}${base64.join('\n')}\n-----END ${label}-----\n`;
  try {
    const [block] = PemConverter.decodeWithHeaders(text);
    if (!block || block.rawData.byteLength === 0) return undefined;
    const headers: Record<string, string> = {};
    for (const h of block.headers) headers[h.key] = h.value;
    return { der: new Uint8Array(block.rawData), headers };
  } catch {
    return undefined;
  }
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
    const decoded = decodeBlock(begin, body);
    if (!decoded) return { ok: false, reason: `The "${begin}" block is damaged: its body is not base64 (was part of it lost when copying?).` };
    blocks.push({ label: begin, headers: decoded.headers, der: decoded.der, pem: toPem(begin, decoded.der) });
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
