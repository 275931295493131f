import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Row } from './types.js';

export interface DemoStartup {
  goalMet: boolean;
  firstStart: { firstPageMs: number; readyMs: number; storybookMs: number };
  secondStart: { firstPageMs: number; readyMs: number };
  baseline: { firstPageMs: number };
  rows: Row[];
}

/**
 * The demo's own measurement (apps/demo/scripts/time-to-first-page.mjs): the README's `npm run demo`
 * from the command to the first page, on a fresh data directory with the dashboard and Storybook
 * deleted first (the state right after install), then a second start, beside `npm run` of a bare
 * node:http server from the same run.
 */
export async function demoStartup(repoRoot: string): Promise<DemoStartup> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-demo-'));
  try {
    const file = join(dir, 'demo.json');
    await promisify(execFile)(
      process.execPath,
      [resolve(repoRoot, 'apps', 'demo', 'scripts', 'time-to-first-page.mjs'), '--rebuild', '--json', file],
      { cwd: repoRoot, maxBuffer: 16 << 20, timeout: 600_000 },
    );
    return JSON.parse(readFileSync(file, 'utf8')) as DemoStartup;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
