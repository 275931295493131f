import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

// Node's own conditions (no `module`): OpenTelemetry's `module` builds import files without
// extensions, which Node refuses to load once Vitest hands them over as external modules.
const server = ['@refundkit/source', 'node', 'development|production'];

export default defineConfig({
  // The global setup imports the server: it runs in Vitest's own environment, covered there too.
  ...sourceResolution,
  ssr: { resolve: { conditions: server, externalConditions: ['@refundkit/source'] } },
  environments: { __vitest__: { resolve: { conditions: server } } },
  test: {
    setupFiles: [seedSetupFile],
    reporters: seedReporters,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
