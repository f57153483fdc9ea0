import { defineConfig } from '@playwright/test';
import { localServer, machineChromium } from './e2e/local-app';

/**
 * End-to-end journeys in the machine's Chromium (never a downloaded browser) against production
 * builds on fresh, separately stored offline backends, so a developer's `npm start` data and
 * ports are left alone. With BASE_URL set, only the read-only smoke suite runs, against that URL.
 */
const deployedUrl = process.env.BASE_URL;
// FOLIO_E2E_PORT sets the apps' first port (default 3100; the preview app takes the next one), so
// two checkouts can run their suites side by side. Their backends take any free ports: the apps
// find them in the outputs each backend writes.
const portBase = Number(process.env.FOLIO_E2E_PORT ?? 3100);
const localUrl = `http://localhost:${portBase}`;
const previewUrl = `http://localhost:${portBase + 1}`;

/**
 * Two apps, each on its own offline backend, so that `npm test` can run two Playwright processes
 * side by side (FOLIO_E2E_GROUP): "authoring" (journeys that publish, edit and delete) against the
 * local build, and "reading" (visitor pages, sign-in, sign-up, editor pages that never publish,
 * the reviewer's profile) against the PR-preview build, whose backend nobody publishes to while
 * the visitor tests count posts. Each group takes about half of the journeys' time. Without
 * FOLIO_E2E_GROUP both run here, one after the other.
 */
const authoring = {
  server: localServer(portBase, 'e2e'),
  projects: [
    {
      name: 'e2e',
      testMatch: [
        'comments.spec.ts',
        'editor.spec.ts',
        'first-journey.spec.ts',
        'images.spec.ts',
        'local-build.spec.ts',
        'publishing.spec.ts',
        'studio.spec.ts',
      ],
      metadata: { dataDir: 'e2e' },
      use: { baseURL: localUrl },
    },
    { name: 'smoke', testDir: './e2e/smoke', metadata: { dataDir: 'e2e' }, use: { baseURL: localUrl } },
  ],
};
const reading = {
  // A second production build with Amplify's PR-preview variables: X-Robots-Tag is decided at build time.
  server: localServer(portBase + 1, 'e2e-preview', {
    NEXT_DIST_DIR: '.next-preview',
    AWS_BRANCH: 'pr-7',
    AWS_PULL_REQUEST_ID: '7',
    AWS_PULL_REQUEST_SOURCE_BRANCH: 'feature/preview-banner',
    AWS_COMMIT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
  }),
  projects: [
    {
      name: 'reading',
      testMatch: [
        'app-icons.spec.ts',
        'editor-layout.spec.ts',
        'feed-page.spec.ts',
        'headers.spec.ts',
        'profile.spec.ts',
        'sign-in.spec.ts',
        'sign-up.spec.ts',
        'visitor.spec.ts',
      ],
      metadata: { dataDir: 'e2e-preview' },
      use: { baseURL: previewUrl },
    },
    { name: 'preview', testDir: './e2e/preview', metadata: { dataDir: 'e2e-preview' }, use: { baseURL: previewUrl } },
  ],
};
const group = process.env.FOLIO_E2E_GROUP;
if (group && group !== 'authoring' && group !== 'reading') throw new Error(`FOLIO_E2E_GROUP must be authoring or reading, not ${group}`);
const groups = group === 'authoring' ? [authoring] : group === 'reading' ? [reading] : [authoring, reading];

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Traces only when a test is retried: recording one for every test (DOM snapshots at each step,
  // a 10 MB textarea included) costs minutes of CPU on two cores; CI retries once, with a trace.
  // The offline backend's storage endpoint is HTTPS with a certificate from a CA created on this
  // machine (amplify-offline's `~/.amplify-offline/ca`); the test browser accepts it, as a developer's
  // browser does once they trust that CA (README). Pages themselves are served over plain HTTP.
  use: { trace: 'on-first-retry', ignoreHTTPSErrors: true, ...machineChromium },
  // Each group its own results folder: two Playwright runs side by side must not clean up each other's traces.
  outputDir: group ? `test-results/${group}` : 'test-results',
  projects: deployedUrl ? [{ name: 'smoke', testDir: './e2e/smoke', use: { baseURL: deployedUrl } }] : groups.flatMap((entry) => entry.projects),
  webServer: deployedUrl ? undefined : groups.map((entry) => entry.server),
});
