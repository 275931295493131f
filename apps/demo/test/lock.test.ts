import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { lockDataDir } from '../src/lock.js';

const dir = mkdtempSync(join(tmpdir(), 'refundkit-demo-lock-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('one demo per data directory', () => {
  test('a running demo keeps its directory; a lock left by a process that is gone is taken over', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(other, 'spawn');
    const file = join(dir, 'demo.pid');
    try {
      writeFileSync(file, `${other.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(`Another demo (pid ${other.pid}) is running on ${dir}`);
      expect(readFileSync(file, 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill('SIGKILL');
      await once(other, 'exit');
    }
    // Killed with SIGKILL, it never removed its lock: the next start takes it over.
    const unlock = lockDataDir(dir);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    unlock();
    expect(existsSync(file)).toBe(false);
  });
});
