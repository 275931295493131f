import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export interface SizeRow {
  name: string;
  package?: string;
  what: string;
  limit: number | null;
  minified?: number;
  gzip?: number;
  status: string;
  note?: string;
}

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Bundle sizes from the repository's own size check (scripts/size.mjs), run on the built packages. */
export async function bundleSizes(): Promise<{ results: SizeRow[]; method: string; exitCode: number }> {
  let exitCode = 0;
  try {
    await promisify(execFile)(process.execPath, [resolve(repoRoot, 'scripts', 'size.mjs')], {
      cwd: repoRoot,
    });
  } catch (error) {
    // Over budget exits 1 but still writes its results: the table reports it.
    exitCode = (error as { code?: number }).code ?? 1;
  }
  const written = JSON.parse(readFileSync(resolve(repoRoot, 'perf', 'results', 'size.json'), 'utf8')) as {
    method: string;
    results: SizeRow[];
  };
  return { results: written.results, method: written.method, exitCode };
}
