import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['**/*.test-d.ts'] },
  },
});
