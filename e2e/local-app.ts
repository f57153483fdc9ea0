import { devices } from '@playwright/test';

/**
 * What playwright.config.ts and playwright.screenshots.config.ts share: the machine's Chromium
 * (never a downloaded browser) and an app built and started on its own fresh, seeded offline
 * backend, so suites and tools can run beside `npm start` and each other.
 */
export const machineChromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

/** A production build on `port`, its backend's data in `.local-data/<name>`; `env` adds to the start's environment. */
export const localServer = (port: number, name: string, env: Record<string, string> = {}) => ({
  command: 'node scripts/start.mjs',
  url: `http://localhost:${port}`,
  // Generous: the first start synthesizes the backend and runs `next build`, which takes minutes on 2 busy cores.
  timeout: 900_000,
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  env: {
    PORT: String(port),
    FOLIO_FRESH: '1',
    FOLIO_DATA_DIR: `.local-data/${name}`,
    FOLIO_OUTPUTS: `.local-data/${name}-outputs.json`,
    FOLIO_BACKEND_PORTS: 'auto',
    ...env,
  },
});
