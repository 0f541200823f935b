/** The private key field's mask: pure functions, tested without rendering (see components/PemField). */

const MASK_PREFIX = '[Private key pasted';

/**
 * What a secret field shows instead of its value: the key itself never goes into the page (not on screen,
 * not in the accessibility tree a screen reader or a test snapshot reads).
 */
export function maskedSecret(value: string): string {
  if (value === '') return '';
  const lines = value.trim().split(/\n/).length;
  return `${MASK_PREFIX}: ${lines} line${lines === 1 ? '' : 's'}, hidden. Paste over this to replace it, or Clear.]`;
}

/** A secret field's edit: a new paste replaces the key; deleting part of the mask clears it; typing into it is ignored. */
export function secretEdit(current: string, shown: string, edited: string): string {
  if (current === '' || !edited.includes(MASK_PREFIX.slice(1, 12))) return edited;
  return edited.length < shown.length ? '' : current;
}
