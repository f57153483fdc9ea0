import type { Theme } from '@aws-amplify/ui-react';

/** A share of one Folio colour blended into another, so tints follow whichever theme is on. */
const blend = (color: string, percent: number, into: string) => ({
  value: `color-mix(in srgb, var(--${color}) ${percent}%, var(--${into}))`,
});
const folio = (name: string) => ({ value: `var(--${name})` });

/**
 * The Authenticator in Folio's colours. Every colour is one of the site's CSS variables (or a
 * blend of them), so the card follows the light/dark toggle by itself: no colour mode to sync.
 * Amplify UI v6 takes buttons, links and tabs from `colors.primary`, not `colors.brand`.
 */
export const folioTheme: Theme = {
  name: 'folio',
  tokens: {
    colors: {
      primary: {
        10: blend('accent', 10, 'card'),
        20: blend('accent', 22, 'card'),
        40: blend('accent', 45, 'card'),
        60: blend('accent', 70, 'card'),
        80: folio('accent'),
        // Towards the text colour: darker in light mode, lighter in dark mode, so hover stays readable.
        90: blend('accent', 82, 'fg'),
        100: blend('accent', 65, 'fg'),
      },
      font: {
        primary: folio('fg'),
        secondary: folio('fg'),
        tertiary: folio('muted'),
        disabled: folio('muted'),
        inverse: folio('bg'),
        interactive: folio('accent'),
        error: folio('danger'),
        success: folio('ok'),
        info: folio('fg'),
        warning: folio('fg'),
      },
      background: {
        primary: folio('card'),
        secondary: folio('bg'),
        tertiary: blend('border', 60, 'card'),
        disabled: blend('border', 60, 'card'),
        error: blend('danger', 10, 'card'),
        success: blend('ok', 10, 'card'),
        info: blend('accent', 8, 'card'),
        warning: blend('accent', 8, 'card'),
      },
      border: {
        // Field outlines need 3:1 against the card; Folio's --border is for quiet dividers.
        primary: blend('muted', 60, 'border'),
        secondary: folio('border'),
        tertiary: folio('border'),
        disabled: folio('border'),
        focus: folio('accent'),
        error: folio('danger'),
        success: folio('ok'),
      },
    },
    components: {
      authenticator: {
        container: { widthMax: { value: '100%' } },
        router: { borderColor: folio('border'), boxShadow: { value: 'none' } },
      },
    },
    fonts: {
      default: {
        variable: { value: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
        static: { value: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
      },
    },
    radii: { small: { value: '6px' }, medium: { value: '8px' } },
  },
};
