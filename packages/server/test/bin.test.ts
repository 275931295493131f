import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};
const binPath = manifest.bin['refundkit-server']!;

/**
 * The bin copied into a package directory of its own, so its `../dist` is one this test controls
 * (the real dist may or may not be built when the suite runs).
 */
function packageWithBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'refundkit-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, binPath), join(dir, binPath));
  return dir;
}

const run = (dir: string, args: string[]) =>
  spawnSync(
    process.execPath,
    ['--conditions=@refundkit/source', '--import', 'tsx', join(dir, binPath), ...args],
    { cwd: root, encoding: 'utf8', timeout: 180_000 },
  );

describe('the refundkit-server bin', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is a file in the repository, executable, published with the package', () => {
    expect(binPath).toBe('./bin/refundkit-server.mjs');
    const file = join(root, binPath);
    expect(statSync(file).mode & 0o111).not.toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(manifest.files).toContain('bin');
  });

  it('says how to build when dist/cli.js is missing, and exits 1', () => {
    const dir = packageWithBin();
    dirs.push(dir);
    const result = run(dir, ['--version']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${join(dir, 'dist', 'cli.js')} does not exist: build the server first`);
    expect(result.stderr).toContain('pnpm --filter @refundkit/server build');
  });

  it('runs the CLI in dist/cli.js with the arguments it was given', () => {
    const dir = packageWithBin();
    dirs.push(dir);
    mkdirSync(join(dir, 'dist'));
    // The "build" here is the CLI's source, loaded through tsx: the real CLI, behind the real bin.
    const source = pathToFileURL(join(root, 'src', 'cli.ts')).href;
    writeFileSync(join(dir, 'dist', 'cli.js'), `import ${JSON.stringify(source)};\n`);
    const version = run(dir, ['--version']);
    expect(version.stderr).toBe('');
    expect(version).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    const unknown = run(dir, ['--colour']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('refundkit-server:');
  }, 400_000);
});
