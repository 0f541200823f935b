import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';
import { runApiLoad } from './load';

describe('API under load', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ routers: 10_000 });
  }, 60_000);
  afterAll(() => t.close());

  it('serves 50 concurrent clients for 5 seconds against 10,000 routers without an error', { timeout: 60_000 }, async () => {
    const sessions = await Promise.all(Array.from({ length: 50 }, () => t.login()));
    const r = await runApiLoad(sessions, 5, 10_000);
    console.log(`load: ${r.requests} requests from 50 clients in ${r.seconds.toFixed(1)} s; ` +
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${r.errors.length} errors`);
    expect(r.errors).toEqual([]);
    expect(r.requests).toBeGreaterThan(50);
  });
});
