import { expect, it } from 'vitest';
import { consoleConnectSources, contentSecurityPolicy } from './security';

it('lets the page reach the proxies where they listen and under every domain they are named by', () => {
  expect(consoleConnectSources('127.0.0.1', ['*.new.example.com', '*.old.example.com', '*.new.example.com', null, ''])).toEqual([
    'ws://127.0.0.1:*', 'wss://127.0.0.1:*', 'wss://*.new.example.com:*', 'wss://*.old.example.com:*',
  ]);
  expect(consoleConnectSources('127.0.0.1', ['console.example.com'])).toContain('wss://console.example.com:*');
  // The setting's names also over ws, for proxies without a certificate.
  expect(consoleConnectSources('127.0.0.1', ['*.a.example.com'], ['*.a.example.com'])).toEqual(['ws://127.0.0.1:*', 'wss://127.0.0.1:*', 'wss://*.a.example.com:*', 'ws://*.a.example.com:*']);
});

it('leaves out a domain value that is not a host name', () => {
  expect(consoleConnectSources('127.0.0.1', ["evil.com 'unsafe-inline'", '*.a.com;script-src *', 'https://x.com'])).toEqual([
    'ws://127.0.0.1:*', 'wss://127.0.0.1:*',
  ]);
});

it('puts them in connect-src', () => {
  expect(contentSecurityPolicy(consoleConnectSources('127.0.0.1', ['*.c.example.com']))).toContain(
    "connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:* wss://*.c.example.com:*",
  );
});
