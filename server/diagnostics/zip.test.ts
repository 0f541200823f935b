import { expect, it } from 'vitest';
import { zip } from './zip';
import { unzip } from './readZip';

it('writes a zip whose entries read back with their content and CRC', () => {
  const big = 'iptables -A INPUT -j ACCEPT\n'.repeat(2000);
  const buf = zip([{ name: 'iptables.txt', content: big }, { name: 'notes/ünïcode.txt', content: 'ok\n' }, { name: 'empty.txt', content: '' }]);
  const files = unzip(buf);
  expect([...files.keys()]).toEqual(['iptables.txt', 'notes/ünïcode.txt', 'empty.txt']);
  expect(files.get('iptables.txt')).toBe(big);
  expect(files.get('notes/ünïcode.txt')).toBe('ok\n');
  expect(files.get('empty.txt')).toBe('');
  expect(buf.length).toBeLessThan(big.length / 10);
});
