import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A demo killed with SIGKILL whose parent is gone stays a zombie until init reaps it: not running.
  // Without /proc (not Linux) the signal check is all there is.
  if (!existsSync('/proc/self/stat')) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false; // gone since the signal check
  }
};

/**
 * One demo per data directory: PGlite's files must not be opened by two processes. A lock left by a
 * process that is gone (killed with SIGKILL) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'demo.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(
        `Another demo (pid ${pid}) is running on ${dir}. Stop it, or start this one with --data <another dir>.`,
      );
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
  };
}
