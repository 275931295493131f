#!/usr/bin/env node
// Starts the demo from its TypeScript source, so nothing has to be built after an install. Run it with
// `node --conditions=@refundkit/source`, as the root `demo` script does, so that the workspace packages
// resolve to their source as well.
import { register } from 'tsx/esm/api';

if (!process.execArgv.some((arg) => arg.includes('@refundkit/source'))) {
  process.stderr.write('Run the demo with: node --conditions=@refundkit/source apps/demo/bin/demo.mjs\n');
  process.exit(1);
}
register();
await import('../src/cli.ts');
