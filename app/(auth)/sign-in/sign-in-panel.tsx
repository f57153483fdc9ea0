'use client';

import { Authenticator, ThemeProvider, type Theme } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { useEffect, useState } from 'react';

/** The Authenticator in the site's colours and type; it follows the reader's light/dark choice. */
const folioTheme: Theme = {
  name: 'folio',
  tokens: {
    colors: {
      brand: {
        primary: {
          10: { value: '#fbeee6' },
          20: { value: '#f3cfb8' },
          40: { value: '#d98a5c' },
          60: { value: '#b1572a' },
          80: { value: '#8a3b12' },
          90: { value: '#6e2e0d' },
          100: { value: '#4f2009' },
        },
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

function GoTo({ path }: { path: string }) {
  useEffect(() => {
    // A full navigation so the middleware sees the session cookies just written.
    window.location.assign(path);
  }, [path]);
  return <p role="status">Signed in. Opening {path}…</p>;
}

export function SignInPanel({ next }: { next: string }) {
  // Read after hydration: the server cannot know the reader's theme, and the markup must match.
  const [colorMode, setColorMode] = useState<'light' | 'dark'>('light');
  useEffect(() => setColorMode(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'), []);
  return (
    <ThemeProvider theme={folioTheme} colorMode={colorMode}>
      <div className="auth-panel">
        <Authenticator signUpAttributes={['name']}>{() => <GoTo path={next} />}</Authenticator>
      </div>
    </ThemeProvider>
  );
}
