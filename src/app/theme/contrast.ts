/**
 * WCAG contrast arithmetic on hex colours, used to keep the theme's text readable (4.5:1).
 */
export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb | undefined {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return undefined;
  const digits = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

export function relativeLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `from` moved towards `to` by t (0: from, 1: to). */
export function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => from[i]! + (to[i]! - from[i]!) * t) as unknown as Rgb;
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/**
 * `fg` itself when it reads on `bg` with at least `minimum` contrast; otherwise the nearest colour
 * on the way to black (on a light background) or white (on a dark one) that does.
 */
export function readableOn(fg: string, bg: string, minimum = 4.5): string {
  const f = parseHex(fg);
  const b = parseHex(bg);
  if (!f || !b) return fg;
  if (contrastRatio(f, b) >= minimum) return fg;
  const target = relativeLuminance(b) > 0.18 ? BLACK : WHITE;
  for (let step = 1; step <= 20; step++) {
    const candidate = mix(f, target, step / 20);
    // Rounded as it will be written, so the check holds for the colour the browser sees.
    const written = parseHex(toHex(candidate))!;
    if (contrastRatio(written, b) >= minimum) return toHex(written);
  }
  return toHex(target);
}
