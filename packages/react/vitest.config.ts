import { defineConfig } from 'vitest/config';
import { seedReporters, seedSetupFile } from '../../vitest.seed.js';
import { sourceResolution } from '../../vitest.source.js';

// The suite runs twice: with React 19 (the package's devDependency) and with React 18.3 (installed as
// react18 / react-dom18). The React 18 project aliases source imports here and, for code Node loads
// directly (Testing Library, react-dom's own require('react')), src/test/react18.ts redirects require.
const shared = {
  environment: './src/test/happy-dom-node-fetch.ts',
  include: ['src/**/*.test.{ts,tsx}'],
  testTimeout: 30_000,
  hookTimeout: 30_000,
  restoreMocks: true,
};

export default defineConfig({
  ...sourceResolution,
  test: {
    reporters: seedReporters,
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'react19',
          env: { RK_REACT: '19' },
          setupFiles: [seedSetupFile, 'src/test/setup.ts'],
        },
      },
      {
        extends: true,
        resolve: {
          alias: [
            { find: /^react(\/.*)?$/, replacement: 'react18$1' },
            { find: /^react-dom(\/.*)?$/, replacement: 'react-dom18$1' },
          ],
        },
        test: {
          ...shared,
          name: 'react18',
          env: { RK_REACT: '18' },
          setupFiles: [seedSetupFile, 'src/test/react18.ts', 'src/test/setup.ts'],
        },
      },
    ],
  },
});
