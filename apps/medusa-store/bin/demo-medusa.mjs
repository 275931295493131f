#!/usr/bin/env node
// Starts the Medusa demo store. The command itself runs from TypeScript through tsx; what Medusa loads
// (the plugin, the SDK, the store's admin) is built by the command, as a store would install it.
import { register } from 'tsx/esm/api';

register();
await import('../demo/cli.mts');
