/** Where a failing test file lives and how it was run. */
export interface ReplayTarget {
  seed: number;
  /** The workspace package's name, for `pnpm --filter`. */
  packageName: string;
  /** The config file relative to the package, when it is not Vitest's default one. */
  configFile?: string;
  /** The Vitest project within the config, when it has several. */
  project?: string;
  /** The test file relative to the package. */
  testFile: string;
}

const DEFAULT_CONFIGS = new Set([
  'vitest.config.ts',
  'vitest.config.mts',
  'vitest.config.js',
  'vitest.config.mjs',
]);

/** One word for a POSIX shell: as is when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The one command, run from the repository root, that runs this test file again with this seed:
 * `RK_SEED=675580 pnpm --filter @refundkit/perf exec vitest run --config vitest.reliability.config.ts reliability/bad-input.test.ts`.
 */
export function replayCommand(target: ReplayTarget): string {
  const words = [`RK_SEED=${target.seed}`, 'pnpm', '--filter', target.packageName, 'exec', 'vitest', 'run'];
  if (target.configFile && !DEFAULT_CONFIGS.has(target.configFile)) words.push('--config', target.configFile);
  if (target.project) words.push('--project', target.project);
  words.push(target.testFile);
  return words.map(shellWord).join(' ');
}
