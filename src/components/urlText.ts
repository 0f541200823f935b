/**
 * A text field whose value lives in the URL (a search box): React Router applies a search-parameter
 * change in a transition, so a field bound to the URL alone shows the old value again between
 * keystrokes and drops what was typed meanwhile. The field keeps its own text instead, and the URL
 * values it wrote come back one by one; only a value it did not write (back, forward, a link) replaces
 * the text.
 */
export interface UrlTextState {
  /** The values this field wrote to the URL that have not come back yet, oldest first. */
  pending: readonly string[];
}

export function wrote(state: UrlTextState, value: string): UrlTextState {
  return { pending: [...state.pending, value] };
}

/** The URL now says `urlValue`: the state after it, and the text to show when it did not come from the field. */
export function arrived(state: UrlTextState, urlValue: string): { state: UrlTextState; adopt?: string } {
  const i = state.pending.indexOf(urlValue);
  if (i >= 0) return { state: { pending: state.pending.slice(i + 1) } };
  return { state: { pending: [] }, adopt: urlValue };
}
