/**
 * Keys the console toolbar sends, and text typed into the VM as X11 keysyms (what RFB KeyEvent carries).
 */
export const KEYSYM = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  Super_L: 0xffeb,
} as const;

export interface KeyCombo {
  id: string;
  label: string;
  /** Pressed in order, released in reverse. */
  keysyms: number[];
}

const fn = (n: number) => KEYSYM.F1 + n - 1;

export const KEY_COMBOS: readonly KeyCombo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keysyms: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.Delete] },
  { id: 'ctrl-alt-backspace', label: 'Ctrl+Alt+Backspace', keysyms: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.BackSpace] },
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `ctrl-alt-f${n}`, label: `Ctrl+Alt+F${n}`, keysyms: [KEYSYM.Control_L, KEYSYM.Alt_L, fn(n)] })),
  { id: 'alt-tab', label: 'Alt+Tab', keysyms: [KEYSYM.Alt_L, KEYSYM.Tab] },
  { id: 'ctrl-c', label: 'Ctrl+C', keysyms: [KEYSYM.Control_L, 0x63] },
  { id: 'ctrl-l', label: 'Ctrl+L', keysyms: [KEYSYM.Control_L, 0x6c] },
  { id: 'escape', label: 'Esc', keysyms: [KEYSYM.Escape] },
  { id: 'super', label: 'Windows key', keysyms: [KEYSYM.Super_L] },
];

/** The presses and releases of a combination: [keysym, down] in order. */
export function comboEvents(combo: KeyCombo): [number, boolean][] {
  return [...combo.keysyms.map((k): [number, boolean] => [k, true]), ...[...combo.keysyms].reverse().map((k): [number, boolean] => [k, false])];
}

/** The keysym of one character: Latin-1 maps to itself, the rest of Unicode to 0x01000000 + code point. */
export function keysymFor(ch: string): number | undefined {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return undefined;
  if (ch === '\n' || ch === '\r') return KEYSYM.Return;
  if (ch === '\t') return KEYSYM.Tab;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return undefined;
  if (cp <= 0xff) return cp;
  return 0x01000000 + cp;
}

/** Most characters a paste types, so that a huge clipboard does not flood the VM. */
export const MAX_PASTE = 10_000;

/** The keysyms that type a text (CRLF counts as one Return; characters with no key are skipped). */
export function textToKeysyms(text: string): number[] {
  const out: number[] = [];
  const normalised = text.replace(/\r\n?/g, '\n');
  for (const ch of normalised) {
    if (out.length >= MAX_PASTE) break;
    const k = keysymFor(ch);
    if (k !== undefined) out.push(k);
  }
  return out;
}
