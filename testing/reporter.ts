import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { replayCommand } from './replay.js';
import { testSeed } from './seed.js';

// The parts of Vitest's reporter API used here, spelled out: each package resolves its own copy of
// vitest's types, and a class typed against one copy would not fit the others.
interface RunContext {
  config: { root: string };
  vite: { config: { configFile?: string | undefined } };
}
interface FinishedModule {
  moduleId: string;
  project: { name: string };
  state(): string;
}

/**
 * After a run with failures, prints the run's seed and, per failed file, the one command that runs
 * it again with that seed. Every randomized test draws from that seed, so the command replays it.
 */
export class SeedReporter {
  private vitest: RunContext | undefined;

  onInit(vitest: RunContext): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<FinishedModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const failed = modules.filter((m) => m.state() === 'failed');
    if (failed.length === 0 && unhandledErrors.length === 0) return;
    const seed = testSeed();
    const root = this.vitest?.config.root ?? process.cwd();
    const packageName = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { name: string }).name;
    const configPath = this.vitest?.vite.config.configFile;
    const configFile = configPath ? basename(configPath) : undefined;
    const lines = [`Seed ${seed} (RK_SEED). To run a failed file again with it, from the repository root:`];
    for (const module of failed) {
      const name = module.project.name;
      lines.push(
        `  ${replayCommand({
          seed,
          packageName,
          ...(configFile ? { configFile } : {}),
          ...(name ? { project: name } : {}),
          testFile: relative(root, module.moduleId),
        })}`,
      );
    }
    if (failed.length === 0) lines.push(`  RK_SEED=${seed} pnpm --filter ${packageName} test`);
    process.stderr.write(`\n${lines.join('\n')}\n\n`);
  }
}
