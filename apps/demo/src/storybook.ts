import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_DIR, packageDir } from './dashboard.js';
import { fingerprint, walk } from './fingerprint.js';

/** Where the demo keeps its build of the components' Storybook (git-ignored, like the dashboard's). */
export const STORYBOOK_DIR = join(DEMO_DIR, 'dist', 'storybook');

const TESTS = /(\.test\.tsx?|\.test-d\.ts)$/;

/** What the Storybook is built from: the component library (stories included), its config, core. */
export function storybookInputs(): string {
  const react = packageDir('@refundkit/react');
  const core = packageDir('@refundkit/core');
  const files = [
    join(react, 'package.json'),
    join(core, 'package.json'),
    storybookPackage(),
    ...walk(join(react, '.storybook'), []),
    ...walk(join(react, 'src'), [], TESTS),
    ...walk(join(core, 'src'), [], TESTS),
  ];
  return fingerprint(DEMO_DIR, files);
}

/** Storybook as the component library installs it (a dev dependency of @refundkit/react). */
function storybookPackage(): string {
  return createRequire(join(packageDir('@refundkit/react'), 'package.json')).resolve(
    'storybook/package.json',
  );
}

const stampOf = (dir: string) => join(dir, '.inputs');

export const storybookIsCurrent = (dir = STORYBOOK_DIR): boolean =>
  existsSync(join(dir, 'index.html')) &&
  existsSync(stampOf(dir)) &&
  readFileSync(stampOf(dir), 'utf8').trim() === storybookInputs();

export type StorybookState = 'idle' | 'building' | 'ready' | 'failed';

export interface StorybookSite {
  /** The directory served at /storybook/ once `state` is `ready`. */
  readonly dir: string;
  readonly state: StorybookState;
  /** Why the last build failed (its output's tail), when `state` is `failed`. */
  readonly error: string | null;
  /** Whether this process ran a build (none when the last one is current). */
  readonly built: boolean;
  /** Builds when the build is missing or stale; resolves once `state` is `ready` or `failed`. */
  build(): Promise<void>;
  /** Stops a build still running and waits for its process to be gone. */
  cancel(): Promise<void>;
}

/**
 * The components' Storybook, built by the demo itself: a fresh clone has none, and a link to a page
 * that says "build it yourself" is a dead link. The build (a few seconds) runs in a child process at a
 * lower priority, after the demo is ready, into a temporary directory that replaces the old build only
 * when complete, so a half-written Storybook is never served.
 */
export function storybookSite(dir = STORYBOOK_DIR): StorybookSite {
  let state: StorybookState = storybookIsCurrent(dir) ? 'ready' : 'idle';
  let error: string | null = null;
  let built = false;
  let child: ChildProcess | undefined;
  let running: Promise<void> | undefined;
  let cancelled = false;
  const temp = `${dir}.building-${process.pid}`;

  const run = async () => {
    const inputs = storybookInputs();
    rmSync(temp, { recursive: true, force: true });
    const bin = join(dirname(storybookPackage()), 'dist', 'bin', 'dispatcher.js');
    const args = [bin, 'build', '--quiet', '--disable-telemetry', '--output-dir', temp];
    const proc = spawn(process.execPath, args, {
      cwd: packageDir('@refundkit/react'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    child = proc;
    try {
      // The dashboard and the refund server stay responsive while it builds.
      if (proc.pid !== undefined) setPriority(proc.pid, 10);
    } catch {}
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk).slice(-4000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const [code, signal] = (await once(proc, 'exit')) as [number | null, NodeJS.Signals | null];
    child = undefined;
    if (cancelled) {
      rmSync(temp, { recursive: true, force: true });
      state = 'idle';
      return;
    }
    if (code !== 0 || !existsSync(join(temp, 'index.html'))) {
      rmSync(temp, { recursive: true, force: true });
      error = `storybook build failed (${signal ?? `exit ${code}`}):\n${output.trim()}`;
      state = 'failed';
      return;
    }
    writeFileSync(stampOf(temp), `${inputs}\n`);
    const old = `${dir}.old-${process.pid}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(temp, dir);
    rmSync(old, { recursive: true, force: true });
    built = true;
    state = 'ready';
  };

  return {
    dir,
    get state() {
      return state;
    },
    get error() {
      return error;
    },
    get built() {
      return built;
    },
    build() {
      if (state === 'ready' && storybookIsCurrent(dir)) return Promise.resolve();
      if (!running) {
        cancelled = false;
        error = null;
        state = 'building';
        running = run()
          .catch((e: unknown) => {
            rmSync(temp, { recursive: true, force: true });
            error = `storybook build failed: ${e instanceof Error ? e.message : String(e)}`;
            state = 'failed';
          })
          .finally(() => {
            running = undefined;
          });
      }
      return running;
    },
    async cancel() {
      if (!running) return;
      cancelled = true;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        // A build that ignores SIGTERM must not outlive the demo.
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await running;
        clearTimeout(timer);
      }
      await running;
    },
  };
}
