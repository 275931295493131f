import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mts'],
    globals: true,
    // The first start may build the plugin and the admin (minutes on a loaded 2-core machine).
    testTimeout: 1_500_000,
    hookTimeout: 180_000,
  },
});
