import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's TigerVNC server, for tests that point a VM at a real VNC server. */
export const XVNC = '/usr/bin/Xvnc';

export interface RunningXvnc {
  port: number;
  password: string;
  width: number;
  height: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function freeDisplay(): number {
  for (let i = 0; i < 200; i++) {
    const n = 100 + Math.floor(Math.random() * 800);
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
  throw new Error('no free X display number');
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Xvnc exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Xvnc did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts Xvnc on a free display and loopback port with VNC authentication (`-retro` draws the classic
 * stippled root window, so its screen is not uniform). The password file is made with `vncpasswd -f`.
 */
export async function startXvnc({ width = 800, height = 600, password = 'xvnc-pw1' } = {}): Promise<RunningXvnc> {
  const dir = mkdtempSync(join(tmpdir(), 'xvnc-'));
  const passwordFile = join(dir, 'passwd');
  writeFileSync(passwordFile, execFileSync('/usr/bin/vncpasswd', ['-f'], { input: `${password}\n` }), { mode: 0o600 });
  const port = await freePort();
  const display = freeDisplay();
  const child = spawn(
    XVNC,
    [`:${display}`, '-localhost', '-SecurityTypes', 'VncAuth', '-PasswordFile', passwordFile, '-rfbport', String(port),
      '-geometry', `${width}x${height}`, '-depth', '24', '-retro', '-nolisten', 'tcp'],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port, child, 10_000);
  } catch (err) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    password,
    width,
    height,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
