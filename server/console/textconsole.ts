/**
 * What a simulated guest shows on its console: a text screen with the VM's name, a login prompt, and the
 * keys typed echoed back. Pure state: keys in (X11 keysyms), lines out, with a version per row so that a
 * VNC server can send only the rows that changed.
 */

export const KEY = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  KP_Enter: 0xff8d,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
} as const;

type Phase = 'login' | 'password';

export class TextConsole {
  readonly lines: string[];
  /** Bumped whenever a row changes. */
  readonly rowVersion: number[];
  private version = 0;
  private cursorRow = 0;
  private phase: Phase = 'login';
  private input = '';
  private readonly down = new Set<number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly vmName: string,
    readonly cols = 53,
    readonly rows = 25,
  ) {
    this.lines = new Array<string>(rows).fill('');
    this.rowVersion = new Array<number>(rows).fill(0);
    this.boot();
  }

  /** Registers a callback for any change; answers a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The screen as text, one line per row, trailing blanks trimmed. */
  text(): string {
    return this.lines.map((l) => l.trimEnd()).join('\n').trimEnd();
  }

  /** The row the cursor is on, and its column. */
  cursor(): { row: number; col: number } {
    return { row: this.cursorRow, col: Math.min(this.lines[this.cursorRow]!.length, this.cols - 1) };
  }

  /** A key went down or up (an X11 keysym, as RFB KeyEvent carries it). */
  key(keysym: number, isDown: boolean): void {
    if (!isDown) {
      this.down.delete(keysym);
      return;
    }
    this.down.add(keysym);
    const ctrl = this.down.has(KEY.Control_L) || this.down.has(KEY.Control_R);
    const alt = this.down.has(KEY.Alt_L) || this.down.has(KEY.Alt_R);
    if (keysym === KEY.Delete && ctrl && alt) {
      this.newLine();
      this.write('The system is going down for reboot NOW! (Ctrl-Alt-Del)');
      this.newLine();
      this.newLine();
      this.phase = 'login';
      this.input = '';
      this.prompt();
      this.changed();
      return;
    }
    if (ctrl && keysym >= 0x20 && keysym <= 0x7e) {
      const ch = String.fromCharCode(keysym).toLowerCase();
      if (ch === 'c') {
        this.write('^C');
        this.newLine();
        this.phase = 'login';
        this.input = '';
        this.prompt();
      } else if (ch === 'l') {
        this.clear();
        this.prompt();
        this.write(this.phase === 'login' ? this.input : '');
      }
      this.changed();
      return;
    }
    if (keysym === KEY.Return || keysym === KEY.KP_Enter) {
      this.enter();
    } else if (keysym === KEY.BackSpace) {
      if (this.input.length === 0) return;
      this.input = this.input.slice(0, -1);
      if (this.phase === 'login') this.setLine(this.cursorRow, this.lines[this.cursorRow]!.slice(0, -1));
    } else if (keysym >= 0x20 && keysym <= 0x7e) {
      const ch = String.fromCharCode(keysym);
      if (this.input.length >= 200) return;
      this.input += ch;
      if (this.phase === 'login') this.write(ch);
    } else {
      return;
    }
    this.changed();
  }

  private boot(): void {
    this.write(`${this.vmName} - CloudStack simulated guest console`);
    this.newLine();
    this.newLine();
    this.write('Ubuntu 24.04 LTS ' + this.vmName + ' tty1');
    this.newLine();
    this.newLine();
    this.prompt();
  }

  private prompt(): void {
    this.write(this.phase === 'login' ? `${this.vmName} login: ` : 'Password: ');
  }

  private enter(): void {
    this.newLine();
    if (this.phase === 'login') {
      if (this.input.trim() === '') {
        this.prompt();
      } else {
        this.phase = 'password';
        this.prompt();
      }
    } else {
      this.newLine();
      this.write('Login incorrect');
      this.newLine();
      this.phase = 'login';
      this.prompt();
    }
    this.input = '';
  }

  private write(text: string): void {
    for (const ch of text) {
      if (this.lines[this.cursorRow]!.length >= this.cols) this.newLine();
      this.setLine(this.cursorRow, this.lines[this.cursorRow]! + ch);
    }
  }

  private newLine(): void {
    if (this.cursorRow < this.rows - 1) {
      this.cursorRow += 1;
      this.setLine(this.cursorRow, '');
      return;
    }
    // Scroll, keeping the title row.
    for (let r = 1; r < this.rows - 1; r++) this.setLine(r, this.lines[r + 1]!);
    this.setLine(this.rows - 1, '');
  }

  private clear(): void {
    for (let r = 1; r < this.rows; r++) this.setLine(r, '');
    this.cursorRow = 2;
  }

  private setLine(row: number, text: string): void {
    if (this.lines[row] === text) return;
    this.lines[row] = text;
    this.rowVersion[row] = ++this.version;
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
