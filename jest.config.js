// sfdx-lwc-jest for the admin app's Lightning web components (force-app/**/lwc/**/__tests__).
// vitest never sees these tests: its projects include only connector/ and test/ folders.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

export default {
  ...jestConfig,
  roots: ['<rootDir>/force-app'],
  moduleNameMapper: {
    // LWC 9 ships ESM as "main"; jest's CommonJS runtime takes the CommonJS builds of the same version
    // the preview bundle uses.
    '^(lwc|@lwc/engine-dom)$': '<rootDir>/node_modules/@lwc/engine-dom/dist/index.cjs',
    '^@lwc/synthetic-shadow$': '<rootDir>/node_modules/@lwc/synthetic-shadow/dist/index.cjs',
    '^@lwc/engine-server$': '<rootDir>/node_modules/@lwc/engine-server/dist/index.cjs',
    '^@salesforce/customPermission/(.+)$':
      '<rootDir>/force-app/test/jest-mocks/customPermission/$1',
  },
  setupFilesAfterEnv: [
    ...(jestConfig.setupFilesAfterEnv ?? []),
    '<rootDir>/force-app/test/jest-setup.js',
  ],
  testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '<rootDir>/force-app/test/'],
  collectCoverageFrom: ['force-app/**/lwc/**/*.js', '!**/__tests__/**'],
  coverageProvider: 'v8',
  coverageDirectory: '<rootDir>/test-results/lwc-coverage',
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: { global: { lines: 85 } },
};
