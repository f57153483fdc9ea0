import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end journeys in the machine's Chromium (never a downloaded browser) against production
 * builds on fresh, separately stored offline backends, so a developer's `npm start` data and
 * ports are left alone. With BASE_URL set, only the read-only smoke suite runs, against that URL.
 */
const deployedUrl = process.env.BASE_URL;
const localUrl = 'http://localhost:3100';
const previewUrl = 'http://localhost:3101';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
};

const localServer = (port: number, name: string, ports: [number, number, number], env: Record<string, string> = {}) => ({
  command: 'node scripts/start.mjs',
  url: `http://localhost:${port}`,
  timeout: 420_000,
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  env: {
    PORT: String(port),
    FOLIO_FRESH: '1',
    FOLIO_DATA_DIR: `.local-data/${name}`,
    FOLIO_OUTPUTS: `.local-data/${name}-outputs.json`,
    FOLIO_COGNITO_PORT: String(ports[0]),
    FOLIO_APPSYNC_PORT: String(ports[1]),
    FOLIO_DYNAMODB_PORT: String(ports[2]),
    ...env,
  },
});

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', ...chromium },
  projects: deployedUrl
    ? [{ name: 'smoke', testDir: './e2e/smoke', use: { baseURL: deployedUrl } }]
    : [
        { name: 'e2e', testIgnore: ['preview/**', 'smoke/**'], use: { baseURL: localUrl } },
        { name: 'smoke', testDir: './e2e/smoke', use: { baseURL: localUrl } },
        { name: 'preview', testDir: './e2e/preview', use: { baseURL: previewUrl } },
      ],
  webServer: deployedUrl
    ? undefined
    : [
        localServer(3100, 'e2e', [4110, 4120, 4130]),
        // A second production build with Amplify's PR-preview variables: X-Robots-Tag is decided at build time.
        localServer(3101, 'e2e-preview', [4140, 4150, 4160], {
          NEXT_DIST_DIR: '.next-preview',
          AWS_BRANCH: 'pr-7',
          AWS_PULL_REQUEST_ID: '7',
          AWS_PULL_REQUEST_SOURCE_BRANCH: 'feature/preview-banner',
          AWS_COMMIT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
        }),
      ],
});
