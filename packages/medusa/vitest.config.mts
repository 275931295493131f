import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

export default defineConfig({
  // One React (18.3, as in Medusa's admin) for the widget and @refundkit/react's sources alike.
  ...sourceResolution,
  resolve: { ...sourceResolution.resolve, dedupe: ['react', 'react-dom'] },
  test: {
    // @medusajs/test-utils is written for jest: it calls describe/beforeAll as globals.
    globals: true,
    pool: 'forks',
    // Medusa loads medusa-config, the module and the provider with its own `require`: tsx compiles the
    // TypeScript, and the source condition lets that `require` find sibling packages' sources too.
    execArgv: ['--conditions=@refundkit/source'],
    setupFiles: [seedSetupFile, './integration-tests/setup.ts'],
    reporters: seedReporters,
    include: ['integration-tests/**/*.test.ts', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    // One Medusa boot per file; files one after the other keep a shared 2-core machine usable.
    fileParallelism: false,
    // Postgres at 127.0.0.1:5432 (trust). The host must read "localhost": test-utils forces SSL otherwise.
    env: { DB_HOST: 'localhost', DB_USERNAME: 'postgres', DB_PASSWORD: '', LOG_LEVEL: 'error' },
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
