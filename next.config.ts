import type { NextConfig } from 'next';
import { publicPolicy } from './lib/csp';
import { readDeployment } from './lib/deployment';
import { COLUMN_WIDTHS, FIXED_WIDTHS, IMAGE_QUALITY } from './lib/media/images';

/** The parts of webpack (as Next.js hands it to `webpack()` below) that compileHints uses. */
interface Bundler {
  Compilation: { PROCESS_ASSETS_STAGE_DEV_TOOLING: number };
  sources: { ConcatSource: new (...parts: unknown[]) => unknown };
}
interface Compilation {
  hooks: { processAssets: { tap(options: { name: string; stage: number }, run: () => void): void } };
  entrypoints: Map<string, { chunks: Iterable<{ files: Iterable<string> }> }>;
  updateAsset(file: string, update: (source: unknown) => unknown): void;
}
interface Compiler {
  hooks: { thisCompilation: { tap(name: string, run: (compilation: Compilation) => void): void } };
}

/**
 * Marks the chunks every page runs as it starts (webpack's runtime, React DOM, Next.js's client
 * and its bootstrap: the `main-app` entrypoint) with V8's explicit compile hint, so Chromium
 * compiles their functions while the script streams in, off the main thread, instead of lazily
 * inside the one task that boots React. Measured under Lighthouse's 4x CPU slowdown on this
 * machine, that task went from 48–80 ms to 25–29 ms, which is most of a visitor page's Total
 * Blocking Time. Other browsers read the line as a comment. It is added after minification (which
 * would drop it) and before webpack hashes the content, so file names still follow content.
 * https://v8.dev/blog/explicit-compile-hints
 */
function compileHints(bundler: Bundler) {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  return {
    apply(compiler: Compiler) {
      compiler.hooks.thisCompilation.tap('CompileHints', (compilation) => {
        compilation.hooks.processAssets.tap({ name: 'CompileHints', stage: bundler.Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING }, () => {
          for (const chunk of compilation.entrypoints.get('main-app')?.chunks ?? []) {
            for (const file of chunk.files) {
              if (file.endsWith('.js')) compilation.updateAsset(file, (source) => new bundler.sources.ConcatSource(HINT, source));
            }
          }
        });
      });
    },
  };
}

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Metadata in the <head> for every reader, not only the crawlers Next.js lists: on a dynamic page
  // (search, previews, the studio) Next.js otherwise streams it into the body, where a page's
  // description is not where browsers, link previews and Lighthouse look for it. Folio's metadata
  // is static or read from the same cached data the page renders, so nothing waits longer.
  htmlLimitedBots: /.*/,
  // ESLint runs in `npm test` (and `npm run lint`), with type information; running it again inside
  // every `next build` (npm start, the e2e builds, Amplify's) would add minutes for a check CI already made.
  eslint: { ignoreDuringBuilds: true },
  // Likewise `npm test` type-checks the whole project with tsc before the e2e builds start, and says
  // so with FOLIO_TYPES_CHECKED=1; every other build (npm start, Amplify's) checks types itself.
  typescript: { ignoreBuildErrors: process.env.FOLIO_TYPES_CHECKED === '1' },
  // A second build (e.g. the PR-preview e2e run) can live beside the main one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // amplify_outputs.json is read at server start (lib/amplify-outputs.ts), so it must ship with the server.
  outputFileTracingIncludes: { '/**': ['./amplify_outputs.json'] },
  webpack(config: { plugins?: unknown[] }, { dev, isServer, webpack }: { dev: boolean; isServer: boolean; webpack: Bundler }) {
    if (!dev && !isServer) config.plugins = [...(config.plugins ?? []), compileHints(webpack)];
    return config;
  },
  images: {
    // Only Folio's own images (app/(site)/media) are resized, and only at their plain address: a
    // query string would make every request a new cache entry, re-resizing the original each time.
    localPatterns: [{ pathname: '/media/**', search: '' }],
    remotePatterns: [],
    // The sizes pages ask for (lib/media/images.ts); the optimizer refuses any other.
    deviceSizes: [...COLUMN_WIDTHS],
    imageSizes: [...FIXED_WIDTHS],
    qualities: [IMAGE_QUALITY],
    // WebP: every current browser shows it, and encoding it costs a fraction of AVIF's on the
    // first request for each size (AVIF uploads are still served, as WebP versions).
    formats: ['image/webp'],
    // An image's name is never reused (lib/media/rules.ts), so its resized versions never go stale.
    minimumCacheTTL: 31_536_000,
  },
  async headers() {
    const security = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
      // Browsers keep to HTTPS for two years once they have seen the site over HTTPS (and ignore
      // the header over plain HTTP, so local runs are unaffected).
      { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
    ];
    // Every page but the studio's, whose policy carries a per-request nonce (middleware.ts, lib/csp.ts).
    const contentSecurity = [{ key: 'Content-Security-Policy', value: publicPolicy() }];
    // Decided at build time, which on Amplify Hosting is the same branch environment the server runs in.
    const robots = readDeployment().indexable ? [] : [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }];
    return [
      { source: '/:path*', headers: [...security, ...robots] },
      { source: '/((?!studio/|studio$).*)', headers: contentSecurity },
      // A search results page would make every query a thin page of its own in a search index
      // (the search page without a query may be listed; robots.txt also disallows /search?).
      { source: '/search', has: [{ type: 'query', key: 'q' }], headers: [{ key: 'X-Robots-Tag', value: 'noindex, follow' }] },
      // Draft previews are shared by link for review only: never indexed, never stored by a cache.
      {
        source: '/preview/:token*',
        headers: [
          { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
          { key: 'Cache-Control', value: 'private, no-store' },
        ],
      },
    ];
  },
};

export default nextConfig;
