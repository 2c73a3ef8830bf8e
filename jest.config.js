/** Jest runs the TypeScript sources through ts-jest (isolatedModules: type-checking is `npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // eld (language id) is ESM-only; Node/Electron require() it natively, Jest's module system needs it as CJS.
    '/node_modules/eld/.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!eld/)'],
  testTimeout: 120000,
  maxWorkers: 2,
  // The renderer bundle the e2e files load, built once per run (see test/globalSetup.ts).
  globalSetup: '<rootDir>/test/globalSetup.ts',
};
