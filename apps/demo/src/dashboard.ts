import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo package's directory. */
export const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(DEMO_DIR, 'dist', 'web');
const STAMP = join(WEB_DIR, '.inputs');

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const SKIP = /(\.test\.tsx?|\.test-d\.ts|\.stories\.tsx)$/;

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') walk(path, out);
    } else if (!SKIP.test(entry.name)) out.push(path);
  }
}

/**
 * A fingerprint of everything the dashboard bundle is built from (its own source, the sources of the
 * workspace packages it bundles, the build config and the lockfile's view of them: path, size and
 * mtime of each file). Cheap enough to compute on every start (a few hundred stat calls).
 */
export function dashboardInputs(): string {
  const files: string[] = [join(DEMO_DIR, 'vite.config.ts'), join(DEMO_DIR, 'package.json')];
  walk(join(DEMO_DIR, 'web'), files);
  files.push(join(DEMO_DIR, 'src', 'figures.ts'));
  for (const name of ['@refundkit/react', '@refundkit/core']) {
    const dir = packageDir(name);
    files.push(join(dir, 'package.json'));
    walk(join(dir, 'src'), files);
  }
  const hash = createHash('sha256');
  for (const file of files.filter(existsSync).sort()) {
    const stat = statSync(file);
    if (stat.isFile()) hash.update(`${relative(DEMO_DIR, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export const dashboardIsCurrent = (): boolean =>
  existsSync(join(WEB_DIR, 'index.html')) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8').trim() === dashboardInputs();

export interface DashboardBuild {
  /** True when this start had to build (first start after an install, or changed sources). */
  readonly building: boolean;
  readonly done: Promise<void>;
  /** Stops a build still running (Ctrl-C during the first start). */
  cancel(): void;
}

/**
 * Builds the dashboard with Vite in a child process when the build is missing or stale, so it runs on
 * the second core while this process starts the database. A current build is used as it is.
 */
export function ensureDashboard(log: (line: string) => void = () => {}): DashboardBuild {
  if (dashboardIsCurrent()) return { building: false, done: Promise.resolve(), cancel() {} };
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
    cancel() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
