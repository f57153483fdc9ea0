import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end journeys in the machine's Chromium (never a downloaded browser) against the
 * production build on a fresh, separately stored offline backend, so a developer's
 * `npm start` data and ports are left alone.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.BASE_URL ?? `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: process.env.BASE_URL
    ? undefined
    : {
        command: 'node scripts/start.mjs',
        url: baseURL,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        env: {
          PORT: String(port),
          FOLIO_FRESH: '1',
          FOLIO_DATA_DIR: '.local-data/e2e',
          FOLIO_OUTPUTS: '.local-data/e2e-outputs.json',
          FOLIO_COGNITO_PORT: '4110',
          FOLIO_APPSYNC_PORT: '4120',
          FOLIO_DYNAMODB_PORT: '4130',
        },
      },
});
