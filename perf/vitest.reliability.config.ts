import { defineConfig } from 'vitest/config';

// The fault suite: real server processes (the built CLI) on the shared Postgres, one scenario file
// at a time so a 2-core machine shared with other work is not overrun. Gates on correctness only.
export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['reliability/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
