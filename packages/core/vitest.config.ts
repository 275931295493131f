import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@refundkit/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    // Type tests run with the same strict compiler settings as the library, plus Node for the tests.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
  },
});
