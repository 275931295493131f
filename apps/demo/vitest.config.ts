import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

export default defineConfig({
  // The server (SSR) environment's conditions matter here: these tests run in Node.
  ...sourceResolution,
  resolve: { conditions: sourceResolution.ssr.resolve.conditions },
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['test/**/*.test.ts'],
    // The real refund server in-process on loopback, on a shared 2-core machine: generous limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
