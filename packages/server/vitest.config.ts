import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

// Node's own conditions (no `module`): packages resolve in tests as they do when the server runs.
// OpenTelemetry's `module` builds import files without extensions, which Node refuses to load.
const server = ['@refundkit/source', 'node', 'development|production'];

export default defineConfig({
  ...sourceResolution,
  ssr: { resolve: { conditions: server, externalConditions: ['@refundkit/source'] } },
  environments: { __vitest__: { resolve: { conditions: server } } },
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
