'use client';

import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

/** The same rule as the inline script in lib/theme-script.ts: the stored choice, else the system's. */
function storedOrSystemTheme(): Theme {
  try {
    const stored = localStorage.getItem('folio-theme');
    if (stored === 'light' || stored === 'dark') return stored;
  } catch {
    // Storage disabled: fall back to the system preference.
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Switches between light and dark and remembers the choice. The first paint already uses the
 * stored (or system) theme: a tiny inline script in the root layout sets `data-theme` before
 * the page renders, so there is no flash.
 */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    const root = document.documentElement;
    // A page whose server render failed (e.g. a not-found thrown mid-stream) is rendered again in
    // the browser, where the inline theme script does not run: apply the same choice here.
    if (root.dataset.theme !== 'light' && root.dataset.theme !== 'dark') root.dataset.theme = storedOrSystemTheme();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- deliberately after hydration: the theme lives on <html>, which the server render cannot see
    setTheme(root.dataset.theme === 'dark' ? 'dark' : 'light');
  }, []);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  // One label whose pressed state says which theme is on, so the name never changes under the user.
  return (
    <button
      type="button"
      className="theme-toggle secondary"
      aria-pressed={theme === 'dark'}
      title={`Switch to the ${next} theme`}
      disabled={theme === null}
      onClick={() => {
        document.documentElement.dataset.theme = next;
        try {
          localStorage.setItem('folio-theme', next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
        setTheme(next);
      }}
    >
      {/* A moon, filled while the dark theme is on; the name stays "Dark theme" for screen readers. */}
      <svg className="theme-toggle-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M20.5 14.6A8.5 8.5 0 0 1 9.4 3.5a8.5 8.5 0 1 0 11.1 11.1Z" />
      </svg>
      <span className="visually-hidden">Dark theme</span>
    </button>
  );
}
