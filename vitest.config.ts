import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'connector/test/**/*.test.ts',
            'test/emulator/**/*.test.ts',
            'test/package/**/*.test.ts',
            'test/salesforce/**/*.test.ts',
            'test/start/**/*.test.ts',
            'test/wordpress/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          globalSetup: ['test/wordpress/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One WordPress per run: suites reset its database, so they must not overlap.
          fileParallelism: false,
        },
      },
    ],
  },
});
