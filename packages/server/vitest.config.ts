import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

export default defineConfig({
  ...sourceResolution,
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['test/**/*.test.ts'],
    // Real databases and real sockets on a shared 2-core machine: generous limits, few files at once.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
  },
});
