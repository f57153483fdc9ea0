import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end journeys in the machine's Chromium (never a downloaded browser) against production
 * builds on fresh, separately stored offline backends, so a developer's `npm start` data and
 * ports are left alone. With BASE_URL set, only the read-only smoke suite runs, against that URL.
 */
const deployedUrl = process.env.BASE_URL;
// FOLIO_E2E_PORT sets the first port (default 3100): apps on it and the next one, their backends
// from PORT+1010 up, so two checkouts can run their suites side by side.
const portBase = Number(process.env.FOLIO_E2E_PORT ?? 3100);
const backendBase = portBase + 1010;
const localUrl = `http://localhost:${portBase}`;
const previewUrl = `http://localhost:${portBase + 1}`;

const chromium = {
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

const localServer = (port: number, name: string, ports: [number, number, number], env: Record<string, string> = {}) => ({
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
        localServer(portBase, 'e2e', [backendBase, backendBase + 10, backendBase + 20]),
        // A second production build with Amplify's PR-preview variables: X-Robots-Tag is decided at build time.
        localServer(portBase + 1, 'e2e-preview', [backendBase + 30, backendBase + 40, backendBase + 50], {
          NEXT_DIST_DIR: '.next-preview',
          AWS_BRANCH: 'pr-7',
          AWS_PULL_REQUEST_ID: '7',
          AWS_PULL_REQUEST_SOURCE_BRANCH: 'feature/preview-banner',
          AWS_COMMIT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
        }),
      ],
});
