// @ts-check
// ESLint for the whole repository (app, lib, amplify, packages, e2e, scripts and configs):
// Next's rules, typescript-eslint with type information, React's hooks rules, and
// eslint-config-prettier last so that formatting is left to Prettier (`prettier --check .`).
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The plugin exports its flat configs, but its typings (15.5) do not declare them yet.
const nextFlatConfig = /** @type {{ flatConfig: { coreWebVitals: import('eslint').Linter.Config } }} */ (/** @type {unknown} */ (nextPlugin)).flatConfig;

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '.next/',
    '.next-*/',
    'out/',
    'cdk.out/',
    '**/.amplify/',
    '.local-data/',
    'test-results/',
    'playwright-report/',
    'coverage/',
    'next-env.d.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Two programs, not one per tsconfig: ./tsconfig.json covers app, lib, e2e, amplify and the
        // JavaScript scripts and configs (checkJs); packages/amplify-offline/ has its own. Both load aws-cdk-lib's
        // ~9,000 declaration files, so a third program for amplify/tsconfig.json (what projectService
        // would open) ran ESLint out of memory.
        project: ['./tsconfig.json', './packages/amplify-offline/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  nextFlatConfig.coreWebVitals,
  reactHooks.configs.flat.recommended,
  {
    rules: {
      // TypeScript already reports undefined names, in the JavaScript files too (checkJs), and knows
      // Node's and the browser's globals; typescript-eslint advises turning this off.
      'no-undef': 'off',
      // Every hit was a deliberate String(x) of untyped JSON whose value is a scalar by contract:
      // CloudFormation intrinsics in the local backend's evaluator, JWT claims, FormData fields.
      '@typescript-eslint/no-base-to-string': 'off',
      // Only flags async functions with no await that implement a Promise-returning API (Next's
      // headers(), client mocks in tests, the Amplify generator's hooks); unawaited promises, the bug
      // that matters, are caught by no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // `const { secret: _secret, ...rest } = x` is how an object is copied without a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Reports where the React Compiler would skip a component; Folio does not run the compiler.
      'react-hooks/preserve-manual-memoization': 'off',
    },
  },
  {
    // lib/zod.ts configures zod for pages whose CSP allows no eval; every Folio module takes it from there.
    files: ['app/**', 'components/**', 'lib/**', 'amplify/**'],
    ignores: ['lib/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: "Import { z } from lib/zod.ts (it sets zod's CSP-safe mode)." }] }] },
  },
  {
    // The .js files here are CommonJS, which imports with require(): the configs, and
    // scripts/offline-backend.js, which the .mjs scripts import on plain Node and Jest and tsx require.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The package's bin only registers tsx's loaders and hands over to src/cli.ts. The loaders are
    // typed for Node's newer module resolution, which the package's CommonJS program does not use,
    // so this one file is linted without type information (and is outside that program).
    files: ['packages/*/bin/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The package's contract check (contract/: a sample app and the script that installs the
    // tarball into it) is type-checked by its own tsconfig in `npm test`; a third type-aware ESLint
    // program for it would cost more than half a minute, so it is linted without type information.
    // (Its journey, the sample an app would write, is outside any program: Amplify's data client
    // types exceed TypeScript's depth limit when inferred from JSDoc.) Its benchmark script, a
    // short one outside the package's programs, is linted the same way, as is the worker script
    // that runs an app's built functions (plain JavaScript, loaded by worker threads).
    files: ['packages/amplify-offline/contract/**', 'packages/amplify-offline/bench.mjs', 'packages/amplify-offline/src/functions/worker.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
