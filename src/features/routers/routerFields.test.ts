import { describe, expect, it } from 'vitest';
import { fieldLines, nicLines } from './routerFields';

describe('fieldLines', () => {
  it('writes values as themselves and lists one line per item, never as JSON', () => {
    expect(fieldLines('Running')).toEqual(['Running']);
    expect(fieldLines(true)).toEqual(['true']);
    expect(fieldLines(undefined)).toEqual([]);
    expect(fieldLines(['a', 'b'])).toEqual(['a', 'b']);
    const lines = fieldLines([{ checkname: 'dns_check', success: true, details: 'ok' }, { checkname: 'disk', success: false }]);
    expect(lines).toEqual(['checkname: dns_check, success: true, details: ok', 'checkname: disk, success: false']);
    expect(lines.join('')).not.toMatch(/[[{"]/);
  });
});

describe('nicLines', () => {
  it('gives traffic type, network name (else id), IP and MAC of each NIC', () => {
    expect(nicLines({ nic: [
      { id: 'n1', networkid: 'pub', ipaddress: '203.0.0.7', macaddress: '1e:00:80:6b:a4:c6', traffictype: 'Public', isdefault: true },
      { id: 'n2', networkid: 'g', networkname: 'net-1', ipaddress: '10.1.1.1', macaddress: '02:00:5b:46:7f:a1', traffictype: 'Guest' },
    ] })).toEqual([
      { id: 'n1', traffictype: 'Public', network: 'pub', ipaddress: '203.0.0.7', macaddress: '1e:00:80:6b:a4:c6', isdefault: true },
      { id: 'n2', traffictype: 'Guest', network: 'net-1', ipaddress: '10.1.1.1', macaddress: '02:00:5b:46:7f:a1', isdefault: false },
    ]);
    expect(nicLines({})).toEqual([]);
  });
});
