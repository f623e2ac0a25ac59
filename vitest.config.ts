import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['libs/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['libs/shared/src/testing/global-setup.ts'],
    // Real processes on real Redis and Postgres, forced alignment of real audio: a busy 2-core machine needs the room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
