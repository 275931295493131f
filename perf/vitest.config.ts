import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../vitest.seed.js';
import { sourceResolution } from '../vitest.source.js';

// Unit tests of the suites' own helpers (statistics, the report, the fault proxy). The benchmark and
// the reliability scenarios have their own entry points: `pnpm bench`, `pnpm test:reliability`.
export default defineConfig({
  ...sourceResolution,
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
