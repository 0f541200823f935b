/**
 * The app's Mantine theme. Mantine's defaults put some text below WCAG AA contrast (dimmed gray.6 on
 * white, white on blue.6, shade-9 text on the light variants of yellow, orange, green); this theme
 * keeps every text colour at 4.5:1 or more in both colour schemes.
 */
import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import { mix, parseHex, readableOn, toHex } from './contrast';

/** The highest background luminance on which white text still reads at 4.5:1. */
export const WHITE_TEXT_MAX_LUMINANCE = 1.05 / 4.5 - 0.05;

export const theme = createTheme({
  primaryColor: 'blue',
  // Filled buttons, badges and active nav links: blue.8 with white text reads at 5:1.
  primaryShade: { light: 8, dark: 8 },
  // Filled components pick black or white text by their background's luminance.
  autoContrast: true,
  // White text where it reads at 4.5:1 (background luminance up to 1.05 / 4.5 - 0.05 = 0.183), black text
  // above that (where black reads at 4.67:1 or more). Mantine's 0.3 put white on orange.8, green.8, teal.8
  // and cyan.8, at 3.5 to 4.4:1.
  luminanceThreshold: WHITE_TEXT_MAX_LUMINANCE,
  defaultRadius: 'sm',
  components: {
    // The close buttons of dialogs and side panels show only an icon: give them a name. Plain objects rather
    // than Modal.extend(...), so that the theme does not bring Modal and Drawer into the first load.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
});

/** Mantine's darken(color, amount): every channel scaled by 1 - amount. */
function darkened(hex: string, amount: number): string {
  const rgb = parseHex(hex);
  return rgb ? toHex(mix(rgb, [0, 0, 0], amount)) : hex;
}

/** The variables of each resolved theme, computed once (the provider asks on every render it makes). */
const resolvedVariables = new WeakMap<object, ReturnType<CSSVariablesResolver>>();

/**
 * The colour variables that keep text at 4.5:1 (see the file's comment), per colour scheme. About 80 contrast
 * searches: remembered per resolved theme object, so that they cost the first render once, not every render.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => {
  let variables = resolvedVariables.get(resolved);
  if (!variables) resolvedVariables.set(resolved, (variables = contrastVariables(resolved)));
  return variables;
};

function contrastVariables(resolved: Parameters<CSSVariablesResolver>[0]): ReturnType<CSSVariablesResolver> {
  const white = resolved.white;
  const gray = resolved.colors.gray;
  const dark = resolved.colors.dark;
  // The darker of the surfaces text sits on in each scheme: striped rows (gray.1), cards (dark.6).
  const lightSurface = gray[1];
  const darkSurface = dark[6];

  const light: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(gray[6], lightSurface),
    '--mantine-color-placeholder': readableOn(gray[5], white),
  };
  const darkScheme: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(dark[2], darkSurface),
    '--mantine-color-placeholder': readableOn(dark[3], dark[7]),
  };

  const lightShade = 8;
  for (const [name, shades] of Object.entries(resolved.colors) as [string, MantineColorsTuple][]) {
    if (name === 'dark') continue;
    // Light scheme: text in the colour, outline text, and the light variant's text on shade 1.
    light[`--mantine-color-${name}-text`] = readableOn(shades[lightShade], white);
    light[`--mantine-color-${name}-outline`] = readableOn(shades[lightShade], white);
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], shades[1]);
    // Dark scheme: text in the colour (shade 4) on cards, and the light variant's text on its background.
    darkScheme[`--mantine-color-${name}-text`] = readableOn(shades[4], darkSurface);
    darkScheme[`--mantine-color-${name}-outline`] = readableOn(shades[4], darkSurface);
    darkScheme[`--mantine-color-${name}-light-color`] = readableOn(shades[0], darkened(shades[9], 0.5));
  }
  return { variables: {}, light, dark: darkScheme };
}
