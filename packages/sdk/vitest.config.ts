import { defineConfig } from 'vitest/config';

const conditions = ['@refundkit/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  // The global setup (which imports the server) runs in Vitest's own `__vitest__` environment, which
  // does not inherit `resolve.conditions`: without this it resolves workspace packages to their dist.
  environments: { __vitest__: { resolve: { conditions } } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
