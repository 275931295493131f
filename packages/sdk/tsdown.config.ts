import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/otel.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  fixedExtension: false,
  sourcemap: true,
  clean: true,
});
