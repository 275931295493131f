import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { DEMO_DIR, dashboardInputs, WEB_DIR } from './src/dashboard.js';

// Records what the build was made from, so a start can tell a current build from a stale one.
const stamp = (): Plugin => {
  let inputs = '';
  let outDir = WEB_DIR;
  return {
    name: 'refundkit-demo-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    buildStart() {
      inputs = dashboardInputs();
    },
    closeBundle() {
      writeFileSync(join(outDir, '.inputs'), `${inputs}\n`);
    },
  };
};

export default defineConfig({
  root: join(DEMO_DIR, 'web'),
  plugins: [react(), stamp()],
  // The workspace packages are bundled from their TypeScript source: no package build needed first.
  resolve: { conditions: ['@refundkit/source', ...defaultClientConditions] },
  build: { outDir: WEB_DIR, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
