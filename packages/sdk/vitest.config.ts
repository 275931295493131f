import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

export default defineConfig({
  // The global setup imports the server: it runs in Vitest's own environment, covered there too.
  ...sourceResolution,
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
