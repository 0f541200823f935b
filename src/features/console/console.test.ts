import { describe, expect, it } from 'vitest';
import { KEY_COMBOS, KEYSYM, MAX_PASTE, comboEvents, keysymFor, textToKeysyms } from './keys';
import { describeClose, endpointIsSecure, statusText, websocketUrl } from './status';

describe('console keys', () => {
  it('presses a combination in order and releases it in reverse', () => {
    const cad = KEY_COMBOS.find((c) => c.id === 'ctrl-alt-del')!;
    expect(comboEvents(cad)).toEqual([
      [KEYSYM.Control_L, true], [KEYSYM.Alt_L, true], [KEYSYM.Delete, true],
      [KEYSYM.Delete, false], [KEYSYM.Alt_L, false], [KEYSYM.Control_L, false],
    ]);
    expect(KEY_COMBOS.find((c) => c.id === 'ctrl-alt-f2')!.keysyms[2]).toBe(0xffbf);
  });

  it('maps characters to keysyms', () => {
    expect(keysymFor('a')).toBe(0x61);
    expect(keysymFor('A')).toBe(0x41);
    expect(keysymFor('é')).toBe(0xe9);
    expect(keysymFor('€')).toBe(0x010020ac);
    expect(keysymFor('\n')).toBe(KEYSYM.Return);
    expect(keysymFor('\u0007')).toBeUndefined();
  });

  it('types a pasted text, one Return per line break, bounded', () => {
    expect(textToKeysyms('ls -l\r\nexit\n')).toEqual([...'ls -l'].map((c) => c.charCodeAt(0)).concat(KEYSYM.Return, ...[...'exit'].map((c) => c.charCodeAt(0)), KEYSYM.Return));
    expect(textToKeysyms('x'.repeat(MAX_PASTE + 5))).toHaveLength(MAX_PASTE);
    expect(textToKeysyms('😀')).toEqual([0x0101f600]);
  });
});

describe('console status', () => {
  it("prefers the proxy's reason, then the code's meaning", () => {
    expect(describeClose(4402, 'This console token was already used; open the console again', false)).toBe('This console token was already used; open the console again.');
    expect(describeClose(4403, '', false)).toBe('The console token has expired.');
    expect(describeClose(1006, undefined, true)).toBe('The connection to the console proxy was lost.');
    expect(describeClose(undefined, undefined, false)).toBe('The console proxy could not be reached.');
  });

  it('words each state', () => {
    expect(statusText({ kind: 'connecting', text: 'Connecting…' })).toBe('Connecting…');
    expect(statusText({ kind: 'connected', desktop: 'vm-1' })).toBe('Connected to vm-1');
    expect(statusText({ kind: 'disconnected', reason: 'Gone.', canRetry: true })).toBe('Disconnected: Gone.');
  });

  it('builds the WebSocket address from the endpoint, never with more than token and extra', () => {
    const ws = { host: '127.0.0.1', port: '4242', path: '/websockify', token: 'a+b/c' };
    expect(websocketUrl(ws, false)).toBe('ws://127.0.0.1:4242/websockify?token=a%2Bb%2Fc');
    expect(websocketUrl({ ...ws, path: 'websockify', extra: 'x' }, true)).toBe('wss://127.0.0.1:4242/websockify?token=a%2Bb%2Fc&extra=x');
    expect(websocketUrl({ ...ws, host: '::1' }, false)).toBe('ws://[::1]:4242/websockify?token=a%2Bb%2Fc');
    // The scheme follows the proxy's SSL state, never a guess from the host name: a DNS-named proxy without TLS is ws.
    expect(websocketUrl({ ...ws, host: 'console.example.com' }, false)).toBe('ws://console.example.com:4242/websockify?token=a%2Bb%2Fc');
    expect(websocketUrl({ ...ws, host: '10-1-1-5.consoleproxy.test' }, true)).toBe('wss://10-1-1-5.consoleproxy.test:4242/websockify?token=a%2Bb%2Fc');
  });

  it('reads the proxy SSL state from the url createConsoleEndpoint answers', () => {
    expect(endpointIsSecure('https://1-2-3-4.example.com/resource/noVNC/vnc.html?autoconnect=true&port=8443&token=t', 'http:')).toBe(true);
    expect(endpointIsSecure('http://console.example.com/resource/noVNC/vnc.html?autoconnect=true&port=8080&token=t', 'https:')).toBe(false);
    expect(endpointIsSecure('//10.0.0.5/resource/noVNC/vnc.html?port=8080', 'https:')).toBe(true);
    expect(endpointIsSecure(undefined, 'http:')).toBe(false);
  });
});
