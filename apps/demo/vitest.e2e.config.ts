import { defineConfig } from 'vitest/config';

// The demo started exactly as the README says, driven by real Chromium. One file, one browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
