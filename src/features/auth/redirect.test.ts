import { describe, expect, it } from 'vitest';
import { readLoginState, redirectTarget } from './redirect';

describe('readLoginState', () => {
  it('reads a well-formed state', () => {
    expect(
      readLoginState({ from: { pathname: '/routers', search: '?zone=1', hash: '' }, reason: 'expired' }),
    ).toEqual({ from: { pathname: '/routers', search: '?zone=1', hash: '' }, reason: 'expired' });
  });

  it('ignores anything else', () => {
    expect(readLoginState(null)).toEqual({});
    expect(readLoginState('x')).toEqual({});
    expect(readLoginState({ from: { pathname: 3 }, reason: 'other' })).toEqual({});
  });

  it('fills missing search and hash', () => {
    expect(readLoginState({ from: { pathname: '/events' } })).toEqual({
      from: { pathname: '/events', search: '', hash: '' },
    });
  });
});

describe('redirectTarget', () => {
  const to = (pathname: string, search = '', hash = '') => redirectTarget({ from: { pathname, search, hash } });

  it('goes back to the page the user was on', () => {
    expect(to('/routers', '?group=zone', '#top')).toBe('/routers?group=zone#top');
  });

  it('defaults to the dashboard', () => {
    expect(redirectTarget({})).toBe('/');
  });

  it('never leaves the app or loops to the login page', () => {
    expect(to('//evil.example/')).toBe('/');
    expect(to('https://evil.example/')).toBe('/');
    expect(to('/\\evil.example')).toBe('/');
    expect(to('/login')).toBe('/');
  });
});
