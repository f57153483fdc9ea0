// @ts-check
/** Jest runs unit tests beside the code, backend (CDK) tests and the local backend's own tests. */
// tsconfig.jest.json sets isolatedModules, so ts-jest transpiles without type-checking (tsc does that in `npm run typecheck`).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

// The markdown pipeline (lib/markdown.ts: unified, remark, rehype, Shiki) and `feed` are published as ESM only.
// Jest runs CommonJS here and only loads ESM through require() on Node 24.9+, so these packages
// (and nothing else in node_modules) are compiled to CommonJS by ts-jest as plain JavaScript.
// Grouped by package family, which one name a line would hide.
// prettier-ignore
const esmOnlyPackages = [
  'unified', 'bail', 'devlop', 'is-plain-obj', 'trough', 'vfile', 'vfile-message',
  'remark-[^/]+', 'rehype-[^/]+', 'micromark', 'micromark-[^/]+', 'mdast-util-[^/]+', 'hast-util-[^/]+', 'unist-util-[^/]+',
  'ccount', 'character-entities', 'character-entities-[^/]+', 'comma-separated-tokens', 'decode-named-character-reference',
  'escape-string-regexp', 'github-slugger', 'html-void-elements', 'longest-streak', 'markdown-table', 'property-information',
  'space-separated-tokens', 'stringify-entities', 'trim-lines', 'zwitch', '@ungap/structured-clone',
  'shiki', '@shikijs/[^/]+', 'oniguruma-parser', 'oniguruma-to-es', 'regex', 'regex-recursion', 'regex-utilities',
  'feed',
  // The XSS suite's HTML parser (lib/red-team/html-safety.ts).
  'parse5', 'entities',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/jest.node-globals.js'],
  transform: {
    '^.+\\.(ts|tsx)$': tsJest,
    '/node_modules/.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/$1',
    // Next's bundler enforces `import 'server-only'` (an error in any client bundle); Jest runs
    // server modules as plain Node, where the guard has nothing to guard.
    '^server-only$': '<rootDir>/node_modules/server-only/empty.js',
  },
  testMatch: ['<rootDir>/{lib,components,app,amplify,packages,scripts}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/e2e/'],
  testTimeout: 60000,
};
