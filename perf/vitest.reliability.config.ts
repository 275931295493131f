import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../vitest.seed.js';
import { sourceResolution } from '../vitest.source.js';

// The fault suite: real server processes (the built CLI) on the shared Postgres, one scenario file
// at a time so a 2-core machine shared with other work is not overrun. Gates on correctness only.
export default defineConfig({
  ...sourceResolution,
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['reliability/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
