import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['test/**/*.test.ts'],
    // The real refund server in-process on loopback, on a shared 2-core machine: generous limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
