import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
