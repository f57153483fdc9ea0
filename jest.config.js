/** Jest runs unit tests beside the code, backend (CDK) tests and the local backend's own tests. */
// tsconfig.jest.json sets isolatedModules, so ts-jest transpiles without type-checking (tsc does that in `npm run typecheck`).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|tsx)$': tsJest },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
  testMatch: ['<rootDir>/{lib,components,app,amplify,local-backend,scripts}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/e2e/'],
  testTimeout: 60000,
};
