import { describe, expect, it } from 'vitest';
import { replayCommand, shellWord } from '../../testing/replay.js';
import { parseSeed, prng } from '../../testing/seed.js';

describe('replayCommand', () => {
  it('names the seed, the package, a non-default config and the file', () => {
    expect(
      replayCommand({
        seed: 675580,
        packageName: '@refundkit/perf',
        configFile: 'vitest.reliability.config.ts',
        testFile: 'reliability/bad-input.test.ts',
      }),
    ).toBe(
      'RK_SEED=675580 pnpm --filter @refundkit/perf exec vitest run --config vitest.reliability.config.ts reliability/bad-input.test.ts',
    );
  });

  it('leaves out a default config and names a project when the config has several', () => {
    expect(
      replayCommand({
        seed: 0,
        packageName: '@refundkit/core',
        configFile: 'vitest.config.ts',
        testFile: 'src/properties.test.ts',
      }),
    ).toBe('RK_SEED=0 pnpm --filter @refundkit/core exec vitest run src/properties.test.ts');
    expect(
      replayCommand({
        seed: 7,
        packageName: '@refundkit/react',
        configFile: 'vitest.config.ts',
        project: 'react18',
        testFile: 'src/request.test.ts',
      }),
    ).toBe('RK_SEED=7 pnpm --filter @refundkit/react exec vitest run --project react18 src/request.test.ts');
    expect(
      replayCommand({
        seed: 1,
        packageName: '@refundkit/medusa',
        configFile: 'vitest.config.mts',
        testFile: 'a.test.ts',
      }),
    ).toBe('RK_SEED=1 pnpm --filter @refundkit/medusa exec vitest run a.test.ts');
  });

  it('quotes what a shell would split or expand', () => {
    expect(shellWord('src/a b.test.ts')).toBe("'src/a b.test.ts'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(
      replayCommand({
        seed: 3,
        packageName: '@refundkit/sdk',
        project: 'node 20',
        testFile: 'test/x.test.ts',
      }),
    ).toBe("RK_SEED=3 pnpm --filter @refundkit/sdk exec vitest run --project 'node 20' test/x.test.ts");
  });
});

describe('seeds', () => {
  it('reads a seed or nothing, and refuses what is not one', () => {
    expect(parseSeed('675580')).toBe(675580);
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed('')).toBeUndefined();
    for (const bad of ['-1', '1.5', 'abc', '0x10', String(2 ** 31)])
      expect(() => parseSeed(bad)).toThrow(/RK_SEED/);
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => Array.from({ length: 5 }, prng(seed));
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    for (const x of take(675580)) expect(x >= 0 && x < 1).toBe(true);
  });
});
