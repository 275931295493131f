import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

export default defineConfig({
  ...sourceResolution,
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['src/**/*.test.ts'],
    // Property tests run 1000 cases each; CI runs every package at once on 2 cores.
    testTimeout: 60_000,
    // Type tests run with the same strict compiler settings as the library, plus Node for the tests.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
  },
});
