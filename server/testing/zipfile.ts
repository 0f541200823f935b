import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Python, whose standard `zipfile` module is the independent reader of the zips written here. */
export const PYTHON = '/usr/bin/python3';

const READ = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    if bad is not None:
        sys.exit("bad CRC or data in " + bad)
    print(json.dumps([[i.filename, z.read(i).decode("utf-8")] for i in z.infolist()]))
`;

/**
 * Reads a zip with Python's `zipfile` (it checks every entry's CRC with `testzip()` first) and answers its
 * entries in order, name to UTF-8 text. Throws with Python's message when the zip is not one.
 */
export function readZipWithPython(buf: Buffer): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-zip-'));
  try {
    const file = join(dir, 'archive.zip');
    writeFileSync(file, buf);
    const out = execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return new Map(JSON.parse(out) as [string, string][]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
