import fc from 'fast-check';
import { testSeed } from './seed.js';

// Every fast-check property in every package draws from the run's seed (RK_SEED), so the seed the
// SeedReporter prints replays it. Other global settings (numRuns per property) are kept.
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: testSeed() });
