import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['test/**/*.test.ts'],
    // Real databases and real sockets on a shared 2-core machine: generous limits, few files at once.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
  },
});
