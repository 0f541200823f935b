import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Session, type TestServer } from '../testing/harness';
import { consolesOf } from '../console/service';
import { TestViewer } from '../console/testing/viewer';

/**
 * Random bytes and frames sent to the console proxy, before and after the RFB handshake: each session
 * either goes on or ends with a close frame and a reason, and the proxy keeps serving new sessions.
 */
interface Endpoint { websocket?: { token: string; host: string; port: string; path: string } }

describe('console proxy fuzzing', () => {
  let t: TestServer;
  let alice: Session;
  let vmid: string;
  beforeAll(async () => {
    t = await startTestServer({ routers: 20 });
    await consolesOf(t.server.running.sim).ready();
    alice = await t.login('alice', 'password', '/ROOT/Engineering/');
    const vms = await alice.call('listVirtualMachines');
    vmid = (vms.data.virtualmachine as { id: string }[])[0]!.id;
    t.server.running.sim.db.prepare("UPDATE vms SET state = 'Running' WHERE id = ?").run(vmid);
  });
  afterAll(() => t.close());

  async function open(): Promise<TestViewer> {
    const r = await alice.call('createConsoleEndpoint', { virtualmachineid: vmid });
    const ws = (r.data.consoleendpoint as Endpoint).websocket!;
    return TestViewer.open(`ws://${ws.host}:${ws.port}/${ws.path.replace(/^\//, '')}?token=${encodeURIComponent(ws.token)}`);
  }

  const frameArb = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 64 }),
    fc.uint8Array({ minLength: 64, maxLength: 4096 }),
    // Client messages with a real RFB type byte and random payloads.
    fc.tuple(fc.constantFrom(0, 2, 3, 4, 5, 6, 255), fc.uint8Array({ maxLength: 40 })).map(([type, rest]) => Uint8Array.from([type, ...rest])),
    // A huge ClientCutText length announced.
    fc.constant(Uint8Array.from([6, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 65, 66])),
  );

  it('ends a garbled session with a reason and keeps serving others', { timeout: 120_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(frameArb, { minLength: 1, maxLength: 5 }), fc.boolean(), async (afterHandshake, frames, asText) => {
        const v = await open();
        if (afterHandshake) await v.handshake();
        for (const f of frames) {
          if (!v.isOpen) break;
          if (asText) v.ws.send(Buffer.from(f).toString('latin1'));
          else v.send(f);
        }
        const outcome = await Promise.race([v.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 300))]);
        if (outcome !== 'open') {
          seen.set(outcome.code, (seen.get(outcome.code) ?? 0) + 1);
          // A close frame from the proxy, never a dropped connection (1006), and a reason for its own codes.
          expect(outcome.code).not.toBe(1006);
          if (outcome.code >= 4000 || outcome.code === 1003 || outcome.code === 1009) expect(outcome.reason.length).toBeGreaterThan(0);
        }
        v.close();
        await v.closed;
      }),
      { numRuns: 80, seed: 42 },
    );
    // The proxy still serves a whole session afterwards.
    const v = await open();
    await v.handshake();
    expect(v.width).toBeGreaterThan(0);
    v.close();
    console.log(`console fuzzing: close codes seen ${JSON.stringify(Object.fromEntries(seen))}`);
  });

  it('survives connections that send bytes and vanish without a close frame', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 20; i++) {
      const v = await open();
      v.send(Uint8Array.from({ length: i * 7 }, (_, k) => (k * 31 + i) & 255));
      v.ws.terminate();
    }
    const v = await open();
    await v.handshake();
    expect(v.width).toBeGreaterThan(0);
    v.close();
  });
});
