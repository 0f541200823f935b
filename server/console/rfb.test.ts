import { describe, expect, it } from 'vitest';
import { RfbClientHandshake, RfbServerHandshake, parseVersion, securityResult } from './rfb';
import { vncAuthResponse } from './vncauth';

const v = (s: string) => Buffer.from(s, 'latin1');
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

describe('parseVersion', () => {
  it('reads RFB version strings and refuses others', () => {
    expect(parseVersion(v('RFB 003.008\n'))).toEqual([3, 8]);
    expect(parseVersion(v('RFB 003.889\n'))).toEqual([3, 889]);
    expect(parseVersion(v('RFB 3.8     '))).toBeUndefined();
    expect(parseVersion(v('GET / HTTP/1'))).toBeUndefined();
  });
});

describe('RfbServerHandshake (towards the viewer)', () => {
  it('offers 3.8 and None, then waits for the VM before the SecurityResult', () => {
    const h = new RfbServerHandshake();
    expect(h.greeting().toString('latin1')).toBe('RFB 003.008\n');
    const s1 = h.feed(v('RFB 003.008\n'));
    expect(s1.send).toEqual([Buffer.from([1, 1])]);
    expect(h.state).toBe('security');
    const s2 = h.feed(Buffer.from([1, 1])); // choice None, then ClientInit (shared) early
    expect(s2.error).toBeUndefined();
    expect(s2.send).toEqual([]);
    expect(h.state).toBe('awaiting-vm');
    const done = h.accept();
    expect(done.send).toEqual([u32(0)]);
    expect(done.leftover).toEqual(Buffer.from([1]));
    expect(h.state).toBe('done');
  });

  it('handles bytes split anywhere', () => {
    const h = new RfbServerHandshake();
    const all = Buffer.concat([v('RFB 003.008\n'), Buffer.from([1])]);
    const sent: Buffer[] = [];
    for (const byte of all) sent.push(...h.feed(Buffer.from([byte])).send);
    expect(sent).toEqual([Buffer.from([1, 1])]);
    expect(h.state).toBe('awaiting-vm');
  });

  it('sends no SecurityResult to a 3.7 viewer', () => {
    const h = new RfbServerHandshake();
    h.feed(v('RFB 003.007\n'));
    h.feed(Buffer.from([1]));
    expect(h.accept().send).toEqual([]);
  });

  it('refuses garbage, another version and a security type it did not offer', () => {
    expect(new RfbServerHandshake().feed(v('GET / HTTP/1.1\r\n')).error).toMatch(/RFB version/);
    expect(new RfbServerHandshake().feed(v('RFB 003.003\n')).error).toMatch(/RFB version/);
    const h = new RfbServerHandshake();
    h.feed(v('RFB 003.008\n'));
    expect(h.feed(Buffer.from([2])).error).toMatch(/security type 2/);
    expect(h.state).toBe('failed');
  });

  it('tells a 3.8 viewer why the VM refused', () => {
    const h = new RfbServerHandshake();
    h.feed(v('RFB 003.008\n'));
    h.feed(Buffer.from([1]));
    const r = h.reject('no entry');
    expect(r.send).toEqual([securityResult(false, 'no entry')]);
    expect(r.send[0]!.subarray(0, 4)).toEqual(u32(1));
    expect(r.send[0]!.subarray(8).toString()).toBe('no entry');
  });
});

describe('RfbClientHandshake (towards the VM)', () => {
  it('answers VNC authentication with the DES response of the password', () => {
    const h = new RfbClientHandshake('secret');
    expect(h.feed(v('RFB 003.008\n')).send).toEqual([v('RFB 003.008\n')]);
    expect(h.feed(Buffer.from([2, 1, 2])).send).toEqual([Buffer.from([2])]);
    expect(h.securityType).toBe(2);
    const challenge = Buffer.from([...Array(16).keys()]);
    expect(h.feed(challenge).send).toEqual([vncAuthResponse('secret', challenge)]);
    const done = h.feed(Buffer.concat([u32(0), Buffer.from('early')]));
    expect(h.state).toBe('done');
    expect(done.leftover?.toString()).toBe('early');
  });

  it('takes None when no password is known and None is offered', () => {
    const h = new RfbClientHandshake(undefined);
    h.feed(v('RFB 003.008\n'));
    expect(h.feed(Buffer.from([2, 2, 1])).send).toEqual([Buffer.from([1])]);
    h.feed(u32(0));
    expect(h.state).toBe('done');
  });

  it('speaks 3.3 to an old server, which picks the security type itself', () => {
    const h = new RfbClientHandshake('pw');
    expect(h.feed(v('RFB 003.003\n')).send).toEqual([v('RFB 003.003\n')]);
    expect(h.feed(u32(2)).send).toEqual([]);
    const c = Buffer.alloc(16, 7);
    expect(h.feed(c).send).toEqual([vncAuthResponse('pw', c)]);
    h.feed(u32(0));
    expect(h.state).toBe('done');
  });

  it("reports the VM's refusal with its reason", () => {
    const h = new RfbClientHandshake('wrong');
    h.feed(v('RFB 003.008\n'));
    h.feed(Buffer.from([1, 2]));
    h.feed(Buffer.alloc(16));
    const r = h.feed(Buffer.concat([u32(1), u32(21), Buffer.from('Authentication failed')]));
    expect(r.error).toMatch(/refused the connection: Authentication failed/);
    expect(h.state).toBe('failed');
  });

  it('reports a server that offers nothing it speaks, or no types at all', () => {
    const h = new RfbClientHandshake('pw');
    h.feed(v('RFB 003.008\n'));
    expect(h.feed(Buffer.from([2, 18, 19])).error).toMatch(/18, 19/);
    const h2 = new RfbClientHandshake('pw');
    h2.feed(v('RFB 003.008\n'));
    expect(h2.feed(Buffer.concat([Buffer.from([0]), u32(4), Buffer.from('busy')])).error).toMatch(/busy/);
    expect(new RfbClientHandshake('pw').feed(v('SSH-2.0-Open')).error).toMatch(/RFB 3/);
  });
});
