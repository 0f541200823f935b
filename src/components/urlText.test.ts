import { describe, expect, it } from 'vitest';
import { arrived, wrote, type UrlTextState } from './urlText';

describe('a text field kept in the URL', () => {
  it('keeps what was typed while the URL catches up, one value at a time', () => {
    let s: UrlTextState = { pending: [] };
    for (const v of ['r', 'ro', 'rou']) s = wrote(s, v);
    for (const v of ['r', 'ro']) {
      const a = arrived(s, v);
      expect(a.adopt).toBeUndefined();
      s = a.state;
    }
    expect(s.pending).toEqual(['rou']);
    const last = arrived(s, 'rou');
    expect(last.adopt).toBeUndefined();
    expect(last.state.pending).toEqual([]);
  });

  it('skips values the URL never showed (a transition that replaced another)', () => {
    let s: UrlTextState = { pending: [] };
    for (const v of ['a', 'ab', 'abc']) s = wrote(s, v);
    const a = arrived(s, 'abc');
    expect(a.adopt).toBeUndefined();
    expect(a.state.pending).toEqual([]);
  });

  it('shows a value it did not write (back, forward, a link) and forgets what was pending', () => {
    let s: UrlTextState = { pending: [] };
    s = wrote(s, 'x');
    const a = arrived(s, 'router.template');
    expect(a.adopt).toBe('router.template');
    expect(a.state.pending).toEqual([]);
  });

  it('shows the URL value on the first look', () => {
    expect(arrived({ pending: [] }, 'q').adopt).toBe('q');
  });
});
