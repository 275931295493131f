import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (none when it is missing), skipping node_modules, test folders and `skip`. */
export function walk(dir: string, out: string[], skip?: RegExp): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') walk(path, out, skip);
    } else if (!skip?.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * A fingerprint of a build's inputs: path (relative to `base`), size and mtime of each file. Cheap
 * enough for every start (a few hundred stat calls), and it changes whenever a source is edited.
 */
export function fingerprint(base: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files.filter(existsSync).sort()) {
    const stat = statSync(file);
    if (stat.isFile()) hash.update(`${relative(base, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}
