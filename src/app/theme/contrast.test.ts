import { describe, expect, it } from 'vitest';
import { contrastRatio, mix, parseHex, readableOn, relativeLuminance, toHex } from './contrast';

describe('colour arithmetic', () => {
  it('parses and writes hex colours', () => {
    expect(parseHex('#228be6')).toEqual([34, 139, 230]);
    expect(parseHex('fff')).toEqual([255, 255, 255]);
    expect(parseHex('rgba(0,0,0,1)')).toBeUndefined();
    expect(toHex([34, 139, 230])).toBe('#228be6');
  });

  it('computes WCAG luminance and contrast', () => {
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(contrastRatio(parseHex('#868e96')!, [255, 255, 255])).toBeCloseTo(3.32, 2);
  });

  it('mixes colours', () => {
    expect(mix([0, 0, 0], [255, 255, 255], 0.5)).toEqual([127.5, 127.5, 127.5]);
  });
});

describe('readableOn', () => {
  it('keeps a colour that reads already', () => {
    expect(readableOn('#495057', '#ffffff')).toBe('#495057');
  });

  it('darkens on a light background and lightens on a dark one until 4.5:1', () => {
    const onLight = readableOn('#868e96', '#ffffff');
    expect(contrastRatio(parseHex(onLight)!, [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    const onDark = readableOn('#828282', '#2e2e2e');
    expect(contrastRatio(parseHex(onDark)!, parseHex('#2e2e2e')!)).toBeGreaterThanOrEqual(4.5);
    expect(relativeLuminance(parseHex(onDark)!)).toBeGreaterThan(relativeLuminance(parseHex('#828282')!));
  });

  it('leaves colours it cannot read alone', () => {
    expect(readableOn('var(--x)', '#ffffff')).toBe('var(--x)');
  });
});
