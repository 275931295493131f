import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint, walk } from './fingerprint.js';

/** The demo package's directory. */
export const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(DEMO_DIR, 'dist', 'web');
const STAMP = join(WEB_DIR, '.inputs');

const require = createRequire(import.meta.url);
export const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const SKIP = /(\.test\.tsx?|\.test-d\.ts|\.stories\.tsx)$/;

/**
 * A fingerprint of everything the dashboard bundle is built from: its own source, the sources of the
 * workspace packages it bundles and the build config.
 */
export function dashboardInputs(): string {
  const files: string[] = [join(DEMO_DIR, 'vite.config.ts'), join(DEMO_DIR, 'package.json')];
  walk(join(DEMO_DIR, 'web'), files, SKIP);
  files.push(join(DEMO_DIR, 'src', 'figures.ts'));
  for (const name of ['@refundkit/react', '@refundkit/core']) {
    const dir = packageDir(name);
    files.push(join(dir, 'package.json'));
    walk(join(dir, 'src'), files, SKIP);
  }
  return fingerprint(DEMO_DIR, files);
}

export const dashboardIsCurrent = (): boolean =>
  existsSync(join(WEB_DIR, 'index.html')) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8').trim() === dashboardInputs();

export interface DashboardBuild {
  /** True when this start had to build (first start after an install, or changed sources). */
  readonly building: boolean;
  readonly done: Promise<void>;
  /** Stops a build still running (Ctrl-C during the first start) and waits for its process to be gone. */
  cancel(): Promise<void>;
}

/**
 * Builds the dashboard with Vite in a child process when the build is missing or stale, so it runs on
 * the second core while this process starts the database. A current build is used as it is.
 */
export function ensureDashboard(log: (line: string) => void = () => {}): DashboardBuild {
  if (dashboardIsCurrent()) return { building: false, done: Promise.resolve(), cancel: async () => {} };
  const vite = join(packageDir('vite'), 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: DEMO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  log('building the dashboard (first start after an install or a change)…');
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`The dashboard build failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
  // Nobody may be waiting yet; the rejection is read later through `done`.
  done.catch(() => {});
  return {
    building: true,
    done,
    async cancel() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A build that ignores SIGTERM must not outlive the demo.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
