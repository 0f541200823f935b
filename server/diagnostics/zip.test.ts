import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { zip } from './zip';
import { PYTHON, readZipWithPython } from '../testing/zipfile';

it("writes a zip that Python's zipfile reads back, every entry with its content and a good CRC", (ctx) => {
  ctx.skip(!existsSync(PYTHON), `${PYTHON} is not installed: the zip has no independent reader to check it`);
  const big = 'iptables -A INPUT -j ACCEPT\n'.repeat(2000);
  const buf = zip([{ name: 'iptables.txt', content: big }, { name: 'notes/ünïcode.txt', content: 'ok\n' }, { name: 'empty.txt', content: '' }]);
  const files = readZipWithPython(buf);
  expect([...files.keys()]).toEqual(['iptables.txt', 'notes/ünïcode.txt', 'empty.txt']);
  expect(files.get('iptables.txt')).toBe(big);
  expect(files.get('notes/ünïcode.txt')).toBe('ok\n');
  expect(files.get('empty.txt')).toBe('');
  expect(buf.length).toBeLessThan(big.length / 10);
});

it('a damaged zip is refused by the reader (the check can fail)', (ctx) => {
  ctx.skip(!existsSync(PYTHON), `${PYTHON} is not installed`);
  const buf = zip([{ name: 'a.txt', content: 'hello hello hello hello\n'.repeat(50) }]);
  const damaged = Buffer.from(buf);
  // Flip a byte of the compressed data of the first entry (after its 30-byte local header and name).
  const at = 30 + 'a.txt'.length + 2;
  damaged[at] = damaged[at]! ^ 0xff;
  expect(() => readZipWithPython(damaged)).toThrow();
});
