import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeValue, formatExpires, parseExpires, stringToSign } from './signature';

describe('stringToSign', () => {
  it('sorts by name, encodes values as Java does (spaces as %20) and lower-cases the whole string', () => {
    const params = { command: 'listRouters', response: 'json', apiKey: 'AbC', keyword: 'r-1 VM/é', listall: 'true' };
    expect(stringToSign(params)).toBe('apikey=abc&command=listrouters&keyword=r-1%20vm%2f%c3%a9&listall=true&response=json');
  });

  it('leaves out the signature itself, whatever its case', () => {
    expect(stringToSign({ b: '2', a: '1', signature: 'x' })).toBe('a=1&b=2');
    expect(stringToSign({ b: '2', a: '1', Signature: 'x' })).toBe('a=1&b=2');
  });

  it('gives the signature an independent client (python3-cs 2.7) computes for the same request', () => {
    // Computed with /usr/bin/python3 -c "from cs.client import CloudStack; CloudStack('x','k','secret-123')._sign(d)".
    const params = { command: 'listRouters', response: 'json', apiKey: 'AbC', keyword: 'r-1 VM/é', listall: 'true' };
    expect(createHmac('sha1', 'secret-123').update(stringToSign(params)).digest('base64')).toBe('8klKrvQE5hhQecXg9ttzJ4V/KRg=');
  });

  it('sorts names case-sensitively before lower-casing, as CloudStack does (signatureVersion after command)', () => {
    expect(stringToSign({ signatureVersion: '3', command: 'x', apiKey: 'k', expires: '2030-01-01T00:00:00+0000' })).toBe(
      'apikey=k&command=x&expires=2030-01-01t00%3a00%3a00%2b0000&signatureversion=3',
    );
  });

  it('encodes the characters Java URLEncoder encodes and encodeURIComponent does not', () => {
    expect(encodeValue("a!b'c(d)e~f")).toBe('a%21b%27c%28d%29e%7Ef');
    expect(encodeValue('a b+c&d=e')).toBe('a%20b%2Bc%26d%3De');
    expect(encodeValue('*-_.')).toBe('*-_.');
  });

  it('encodes every value to plain ASCII with no reserved separator left', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (v) => {
        const e = encodeValue(v);
        expect(e).toMatch(/^[A-Za-z0-9%*._-]*$/);
        expect(decodeURIComponent(e)).toBe(v);
      }),
    );
  });
});

describe('expires', () => {
  it('formats a date as yyyy-MM-ddTHH:mm:ss+0000 in UTC', () => {
    expect(formatExpires(new Date(Date.UTC(2030, 0, 2, 3, 4, 5)))).toBe('2030-01-02T03:04:05+0000');
  });

  it('parses the offsets CloudStack accepts', () => {
    const t = Date.UTC(2030, 0, 2, 3, 4, 5);
    expect(parseExpires('2030-01-02T03:04:05+0000')?.getTime()).toBe(t);
    expect(parseExpires('2030-01-02T03:04:05Z')?.getTime()).toBe(t);
    expect(parseExpires('2030-01-02T08:34:05+05:30')?.getTime()).toBe(t);
    expect(parseExpires('2030-01-01T22:04:05-0500')?.getTime()).toBe(t);
    expect(parseExpires('2030-01-02T03:04:05.123+0000')?.getTime()).toBe(t);
  });

  it('refuses what is not such a date', () => {
    for (const v of ['', 'tomorrow', '2030-01-02', '2030-01-02 03:04:05+0000', '2030-13-45T03:04:05+0000', '2030-01-02T03:04:05']) {
      expect(parseExpires(v), v).toBeUndefined();
    }
  });

  it('round-trips any date to the second', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (d) => {
        expect(parseExpires(formatExpires(d))?.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });
});
