import { DEFAULT_THEME, getContrastColor, mergeMantineTheme } from '@mantine/core';
import { expect, it } from 'vitest';
import { contrastRatio, mix, parseHex } from './contrast';
import { cssVariablesResolver, theme } from './theme';

const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
const { light, dark } = cssVariablesResolver(resolved);

function ratio(fg: string | undefined, bg: string): number {
  return contrastRatio(parseHex(fg ?? '')!, parseHex(bg)!);
}

it('keeps dimmed text readable in both schemes', () => {
  expect(ratio(light['--mantine-color-dimmed'], resolved.colors.gray[1])).toBeGreaterThanOrEqual(4.5);
  expect(ratio(dark['--mantine-color-dimmed'], resolved.colors.dark[6])).toBeGreaterThanOrEqual(4.5);
});

it('keeps coloured text and light variants readable for every colour', () => {
  for (const [name, shades] of Object.entries(resolved.colors)) {
    if (name === 'dark') continue;
    expect(ratio(light[`--mantine-color-${name}-text`], '#ffffff'), name).toBeGreaterThanOrEqual(4.5);
    expect(ratio(light[`--mantine-color-${name}-light-color`], shades[1]), name).toBeGreaterThanOrEqual(4.5);
    expect(ratio(dark[`--mantine-color-${name}-text`], resolved.colors.dark[6]), name).toBeGreaterThanOrEqual(4.5);
    const darkLight = mix(parseHex(shades[9])!, [0, 0, 0], 0.5);
    expect(contrastRatio(parseHex(dark[`--mantine-color-${name}-light-color`]!)!, darkLight), name).toBeGreaterThanOrEqual(4.5);
  }
});

it('fills primary buttons with a shade that white text reads on', () => {
  expect(ratio('#ffffff', resolved.colors.blue[8])).toBeGreaterThanOrEqual(4.5);
});

it('puts readable text on every filled colour (buttons, badges), in both schemes', () => {
  for (const [name, shades] of Object.entries(resolved.colors)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const text = getContrastColor({ color: name, theme: resolved, colorScheme });
      const hex = text === 'var(--mantine-color-black)' ? resolved.black : text === 'var(--mantine-color-white)' ? resolved.white : text;
      // Filled backgrounds use the primary shade, 8 in both schemes.
      expect(ratio(hex, shades[8]), `${name} (${colorScheme}): ${text} on ${shades[8]}`).toBeGreaterThanOrEqual(4.5);
    }
  }
});
