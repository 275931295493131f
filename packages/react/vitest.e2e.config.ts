import { defineConfig } from 'vitest/config';

// Browser tests against the built Storybook: one file, one Chromium, run after `pnpm build:storybook`.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
