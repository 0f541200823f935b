/**
 * The chain entries of the form (an ordered list the admin adds to, removes from and reorders), as pure
 * functions over an immutable list. Each entry has a stable key for React.
 */
export interface ChainEntry {
  key: number;
  text: string;
}

let nextKey = 1;
export const newEntry = (text = ''): ChainEntry => ({ key: nextKey++, text });

export function addEntry(list: readonly ChainEntry[], text = ''): ChainEntry[] {
  return [...list, newEntry(text)];
}

export function removeEntry(list: readonly ChainEntry[], index: number): ChainEntry[] {
  return list.filter((_, i) => i !== index);
}

export function setEntryText(list: readonly ChainEntry[], index: number, text: string): ChainEntry[] {
  return list.map((e, i) => (i === index ? { ...e, text } : e));
}

/** Moves an entry up (delta -1) or down (+1); a move past either end changes nothing. */
export function moveEntry(list: readonly ChainEntry[], index: number, delta: -1 | 1): ChainEntry[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

/** Replaces one entry that holds several certificates with one entry per certificate, in place. */
export function splitEntry(list: readonly ChainEntry[], index: number, first: string, rest: readonly string[]): ChainEntry[] {
  if (index < 0 || index >= list.length) return [...list];
  return [...list.slice(0, index), { ...list[index]!, text: first }, ...rest.map((t) => newEntry(t)), ...list.slice(index + 1)];
}

/** Puts certificates pasted along with the server certificate at the head of the chain (they come right after it). */
export function prependEntries(list: readonly ChainEntry[], texts: readonly string[]): ChainEntry[] {
  return [...texts.map((t) => newEntry(t)), ...list.filter((e) => e.text.trim() !== '')];
}
