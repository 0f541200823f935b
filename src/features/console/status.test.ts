import { expect, it } from 'vitest';
import { diagnoseConnectFailure, displayAddress, reconnectDelayMs, shouldReconnect, statusText } from './status';

const named = 'wss://10-1-1-5.console.example.com:8443/websockify?token=secret-token';

it('shows the address tried without its token', () => {
  expect(displayAddress(named)).toBe('wss://10-1-1-5.console.example.com:8443/websockify');
});

it('names the cause when the page policy blocked the connection, and offers a reload', () => {
  const d = diagnoseConnectFailure(named, { blockedByPolicy: true, timedOut: false });
  expect(d.known).toBe('blocked-by-policy');
  expect(d.possible.map((p) => p.cause)).toEqual(['blocked-by-policy']);
  expect(d.possible[0]!.text).toContain('does not allow wss://10-1-1-5.console.example.com:8443');
  expect(JSON.stringify(d)).not.toContain('secret-token');
});

it("says the cause the serving process found, with its error code, and no list", () => {
  const base = { host: '10-1-1-5.console.example.com', port: 8443, secure: true };
  const dns = diagnoseConnectFailure(named, { blockedByPolicy: false, timedOut: false, server: { ...base, steps: [], cause: 'name-not-resolved', code: 'ENOTFOUND' } });
  expect(dns).toMatchObject({ known: 'name-not-resolved', code: 'ENOTFOUND', possible: [] });
  expect(dns.text).toContain('The name 10-1-1-5.console.example.com does not resolve (ENOTFOUND)');
  const cert = diagnoseConnectFailure(named, { blockedByPolicy: false, timedOut: false, server: { ...base, steps: [], cause: 'certificate-not-trusted', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  expect(cert.text).toContain('is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
  expect(cert.certificateCheckUrl).toBe('https://10-1-1-5.console.example.com:8443/');
  const refused = diagnoseConnectFailure('ws://127.0.0.1:9/websockify?token=secret-token', { blockedByPolicy: false, timedOut: false,
    server: { host: '127.0.0.1', port: 9, secure: false, steps: [], cause: 'refused', code: 'ECONNREFUSED' } });
  expect(refused.text).toBe('127.0.0.1:9 refused the connection (ECONNREFUSED): the console proxy is not running there, or not listening on port 9.');
  expect(JSON.stringify([dns, cert, refused])).not.toContain('secret-token');
  // The page's own policy wins over what the server saw.
  const blocked = diagnoseConnectFailure(named, { blockedByPolicy: true, timedOut: false, server: { ...base, steps: [], cause: 'reached' } });
  expect(blocked.known).toBe('blocked-by-policy');
  // The server reaches the proxy: the causes on the browser's side are listed.
  const reached = diagnoseConnectFailure(named, { blockedByPolicy: false, timedOut: false, server: { ...base, steps: [], cause: 'reached' } });
  expect(reached).toMatchObject({ server: 'reached' });
  expect(reached.known).toBeUndefined();
  expect(reached.possible.map((p) => p.cause)).toEqual(['name-not-resolved', 'certificate-not-trusted', 'refused']);
});

it('lists the causes that fit a DNS name over TLS, and fewer for a plain address', () => {
  const d = diagnoseConnectFailure(named, { blockedByPolicy: false, timedOut: true });
  expect(d.possible.map((p) => p.cause)).toEqual(['no-answer', 'name-not-resolved', 'certificate-not-trusted', 'refused']);
  expect(d.certificateCheckUrl).toBe('https://10-1-1-5.console.example.com:8443/');
  const plain = diagnoseConnectFailure('ws://127.0.0.1:40001/websockify?token=x', { blockedByPolicy: false, timedOut: false });
  expect(plain.possible.map((p) => p.cause)).toEqual(['refused']);
  expect(plain.certificateCheckUrl).toBeUndefined();
});

it('reconnects a console whose proxy went away, not one closed on purpose or refused', () => {
  expect(shouldReconnect(1001, true)).toBe(true);
  expect(shouldReconnect(1006, true)).toBe(true);
  expect(shouldReconnect(1006, false)).toBe(false);
  expect(shouldReconnect(1000, true)).toBe(false);
  expect(shouldReconnect(4403, true)).toBe(false);
  expect([1, 2, 3, 4, 5, 9].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  expect(statusText({ kind: 'reconnecting', attempt: 2, reason: 'The console proxy is stopping.', inSeconds: 2 })).toBe(
    'Reconnecting (attempt 2, in 2 s): The console proxy is stopping.',
  );
});
