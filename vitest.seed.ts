// One seed per run for every randomized test (fast-check properties, the fuzz, the reliability
// scenarios): `RK_SEED` when given, else a fresh one drawn here, in Vitest's main process before any
// worker starts, so every worker and global setup inherits the same value. The setup file seeds
// fast-check; the reporter prints the seed and the command that replays a failure.
import { fileURLToPath } from 'node:url';
import { SeedReporter } from './testing/reporter.js';
import { ensureSeed } from './testing/seed.js';

ensureSeed();

export const seedSetupFile = fileURLToPath(new URL('./testing/setup.ts', import.meta.url));

export const seedReporters: ['default', SeedReporter] = ['default', new SeedReporter()];
