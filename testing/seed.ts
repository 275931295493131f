import { randomInt } from 'node:crypto';

/** The environment variable every randomized test reads its seed from. */
export const SEED_VARIABLE = 'RK_SEED';

// fast-check takes a 32-bit signed seed; staying positive keeps the printed command plain.
const MAX_SEED = 2 ** 31 - 1;

/** A seed from its text, or undefined when none is given; anything but a non-negative 31-bit integer is refused. */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const seed = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(seed) || seed > MAX_SEED) {
    throw new Error(`${SEED_VARIABLE} must be an integer from 0 to ${MAX_SEED}, got ${JSON.stringify(text)}`);
  }
  return seed;
}

/** A seed never used before (to the extent randomness allows): each run explores new cases. */
export function freshSeed(): number {
  return randomInt(0, MAX_SEED);
}

/** The run's seed: `RK_SEED` if given, else one drawn now and written back so every worker shares it. */
export function ensureSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = parseSeed(env[SEED_VARIABLE]);
  if (given !== undefined) return given;
  const seed = freshSeed();
  env[SEED_VARIABLE] = String(seed);
  return seed;
}

/** The run's seed inside a test; the shared Vitest config has set it (see vitest.seed.ts). */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const seed = parseSeed(env[SEED_VARIABLE]);
  if (seed === undefined)
    throw new Error(`${SEED_VARIABLE} is not set: run the tests through a config that uses vitest.seed.ts`);
  return seed;
}

/**
 * A small seeded generator of numbers in [0, 1) (mulberry32), for scenario choices outside fast-check:
 * the same seed gives the same sequence, so a failing run's choices can be made again.
 */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
