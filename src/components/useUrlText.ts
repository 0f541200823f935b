import { useCallback, useEffect, useRef, useState } from 'react';
import { arrived, wrote, type UrlTextState } from './urlText';

/** The text of a field kept in the URL, and its change handler (see urlText.ts for why). */
export function useUrlText(urlValue: string, write: (value: string) => void): [string, (value: string) => void] {
  const [text, setText] = useState(urlValue);
  const state = useRef<UrlTextState>({ pending: [] });
  useEffect(() => {
    const next = arrived(state.current, urlValue);
    state.current = next.state;
    if (next.adopt !== undefined) setText(next.adopt);
  }, [urlValue]);
  const change = useCallback(
    (value: string) => {
      setText(value);
      state.current = wrote(state.current, value);
      write(value);
    },
    [write],
  );
  return [text, change];
}
