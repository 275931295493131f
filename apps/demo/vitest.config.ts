import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run in Vite's server (SSR) environment, whose conditions are set apart from `resolve.conditions`:
// both name the source condition, so the workspace packages are tested from source, never a stale dist.
const conditions = ['@refundkit/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@refundkit/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The real refund server in-process on loopback, on a shared 2-core machine: generous limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
