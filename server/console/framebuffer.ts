import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font';
import type { TextConsole } from './textconsole';

/**
 * Draws a TextConsole into pixels. Pixels are palette indices (one byte each); a VNC connection turns
 * the few palette colours into its client's pixel format once and copies them.
 */
export const CELL_WIDTH = 12;
export const CELL_HEIGHT = 16;
export const SCALE = 2;

/** [r, g, b] of each palette index. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [12, 16, 24], // 0 background
  [200, 208, 216], // 1 text
  [28, 84, 150], // 2 title bar
  [255, 255, 255], // 3 title text
  [120, 220, 140], // 4 cursor
];

export class Framebuffer {
  readonly width: number;
  readonly height: number;
  /** One palette index per pixel, row-major. */
  readonly pixels: Uint8Array;
  private readonly drawn: string[];
  /** When each text row was last redrawn (a counter), for clients that track what they have seen. */
  readonly stamp: number[];
  private counter = 0;

  constructor(readonly screen: TextConsole) {
    this.width = screen.cols * CELL_WIDTH + 4;
    this.height = screen.rows * CELL_HEIGHT;
    this.pixels = new Uint8Array(this.width * this.height);
    this.drawn = new Array<string>(screen.rows).fill('');
    this.stamp = new Array<number>(screen.rows).fill(0);
    this.refresh();
  }

  /** Redraws the rows whose text or cursor changed; answers the rows redrawn. */
  refresh(): number[] {
    const redrawn: number[] = [];
    const cursor = this.screen.cursor();
    for (let r = 0; r < this.screen.rows; r++) {
      const key = `${this.screen.rowVersion[r]}:${cursor.row === r ? cursor.col : -1}`;
      if (this.drawn[r] === key) continue;
      this.drawRow(r, cursor.row === r ? cursor.col : -1);
      this.drawn[r] = key;
      this.stamp[r] = ++this.counter;
      redrawn.push(r);
    }
    return redrawn;
  }

  /** Pixel rows [y0, y1) that text row r covers. */
  rowSpan(r: number): [number, number] {
    return [r * CELL_HEIGHT, (r + 1) * CELL_HEIGHT];
  }

  private drawRow(r: number, cursorCol: number): void {
    const title = r === 0;
    const bg = title ? 2 : 0;
    const fg = title ? 3 : 1;
    const y0 = r * CELL_HEIGHT;
    this.pixels.fill(bg, y0 * this.width, (y0 + CELL_HEIGHT) * this.width);
    const text = this.screen.lines[r]!;
    for (let c = 0; c < text.length && c < this.screen.cols; c++) {
      const g = glyph(text[c]!);
      const x0 = 2 + c * CELL_WIDTH + 1;
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        const bits = g[gy]!;
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (!((bits >> (GLYPH_WIDTH - 1 - gx)) & 1)) continue;
          for (let sy = 0; sy < SCALE; sy++) {
            const row = (y0 + 1 + gy * SCALE + sy) * this.width;
            for (let sx = 0; sx < SCALE; sx++) this.pixels[row + x0 + gx * SCALE + sx] = fg;
          }
        }
      }
    }
    if (cursorCol >= 0) {
      const x0 = 2 + cursorCol * CELL_WIDTH + 1;
      for (const y of [y0 + CELL_HEIGHT - 2, y0 + CELL_HEIGHT - 1]) this.pixels.fill(4, y * this.width + x0, y * this.width + x0 + 10);
    }
  }
}
