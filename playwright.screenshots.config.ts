import { defineConfig } from '@playwright/test';
import { localServer, machineChromium } from './e2e/local-app';

/**
 * `npm run screenshots`: full-page screenshots of the visitor pages (home, a post, a tag, search and
 * the 404 page) at desktop and mobile sizes in the light and dark themes, written to the git-ignored
 * `screenshots/` folder, so a reviewer can look at the design without clicking through the site.
 * Not part of `npm test`: the main playwright.config.ts never looks in e2e/screenshots/.
 *
 * Like the test groups in playwright.config.ts, it builds and starts its own app on its own fresh,
 * seeded offline backend (its own data folder, build folder and port), so `npm start` and a
 * running `npm test` are left alone.
 */
const port = Number(process.env.FOLIO_SCREENSHOTS_PORT ?? 3150);
const baseURL = `http://localhost:${port}`;

// When this run started, for the spec's closing count of the files it wrote. Set once, in the
// runner's process (the config is read again in each worker, which inherits the variable).
process.env.FOLIO_SCREENSHOTS_SINCE ??= String(Date.now());

export default defineConfig({
  testDir: './e2e/screenshots',
  testMatch: 'visitor-pages.screenshots.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/screenshots',
  use: {
    ...machineChromium,
    baseURL,
    // The offline storage endpoint (cover images come from it) speaks HTTPS with a local CA's certificate.
    ignoreHTTPSErrors: true,
  },
  // Its own production build beside .next and .next-preview (next.config.ts reads NEXT_DIST_DIR).
  webServer: localServer(port, 'screenshots', { NEXT_DIST_DIR: '.next-screenshots' }),
});
