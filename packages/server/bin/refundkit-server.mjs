#!/usr/bin/env node
// The package's bin is this file, not dist/cli.js: it is in the repository, so installing the
// workspace can link it before anything is built (pnpm warns about a bin whose file is missing).
// The CLI itself is the build, loaded as is.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    `refundkit-server: ${fileURLToPath(cli)} does not exist: build the server first ` +
      '(pnpm --filter @refundkit/server build), or run it from source with pnpm --filter @refundkit/server start.\n',
  );
  process.exit(1);
}
await import(cli.href);
