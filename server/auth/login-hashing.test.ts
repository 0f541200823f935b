import type * as Crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';

/**
 * Issue 14's login attacks seen from outside, without timing: node:crypto's scrypt and scryptSync are counted
 * while logins go over HTTP. An unknown user must cost the same hashing as a known one (else the answer time
 * tells them apart: 16 ms against 169 ms), and no login may hash synchronously (else a login flood stops
 * every other caller: listZones 4 ms -> 399 ms).
 */
const calls = vi.hoisted(() => ({ sync: 0, async: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  const patched = {
    ...real,
    scrypt: ((...args: Parameters<typeof real.scrypt>) => {
      calls.async++;
      return (real.scrypt as (...a: unknown[]) => void)(...args);
    }) as typeof real.scrypt,
    scryptSync: ((...args: Parameters<typeof real.scryptSync>) => {
      calls.sync++;
      return real.scryptSync(...args);
    }) as typeof real.scryptSync,
  };
  return { ...patched, default: patched };
});

describe('login hashing (issue 14)', () => {
  let t: TestServer;
  const reset = () => {
    calls.sync = 0;
    calls.async = 0;
  };
  const attempt = async (username: string, password: string) => {
    const r = await fetch(`${t.url}client/api`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ command: 'login', username, password, domain: '/ROOT/Engineering/QA/', response: 'json' }).toString(),
    });
    await r.arrayBuffer();
    return r.status;
  };

  beforeAll(async () => {
    t = await startTestServer({ routers: 5 });
  });
  afterAll(() => t.close());

  it('an unknown user costs the same hashing as a known user with a wrong password', async () => {
    reset();
    expect(await attempt('nobody-at-all', 'wrong')).not.toBe(200);
    const unknown = calls.sync + calls.async;
    reset();
    expect(await attempt('carol', 'wrong')).not.toBe(200);
    const known = calls.sync + calls.async;
    expect(known).toBeGreaterThan(0);
    expect(unknown).toBe(known);
  });

  it('a login never hashes on the event loop (no scryptSync): the hash runs in the thread pool', async () => {
    reset();
    expect(await attempt('carol', 'password')).toBe(200);
    expect(calls.async).toBeGreaterThan(0);
    expect(calls.sync).toBe(0);
  });
});
