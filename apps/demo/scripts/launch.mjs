// Starts the demo exactly as the README does (`npm run demo`): the root package.json's `demo` script,
// run by a shell from the repository root, in a process group of its own so that an interrupt reaches
// every process of it, as Ctrl-C in a terminal does. Used by the browser tests and the timing script.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The command behind `npm run demo`. */
export const demoCommand = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.demo;

/** A port that was free a moment ago (for a URL known before the demo starts). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function launchDemo({ env = {} } = {}) {
  const startedAt = performance.now();
  // `exec`: the shell becomes the demo, so its exit status is the demo's own.
  const child = spawn('sh', ['-c', `exec ${demoCommand()}`], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set();
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      for (const waiter of waiters) waiter.fail(new Error(`the demo exited (${signal ?? code}):\n${output}`));
      resolve({ code, signal });
    });
  });
  const onData = (chunk) => {
    output += chunk;
    for (const waiter of waiters) waiter.check();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const group = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  return {
    child,
    startedAt,
    output: () => output,
    exited,
    /** Resolves with the match once the output matches `pattern`. */
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check() {
            const match = pattern.exec(output);
            if (match) finish(() => resolve(match));
          },
          fail(error) {
            finish(() => reject(error));
          },
        };
        const timer = setTimeout(
          () =>
            waiter.fail(new Error(`no ${pattern} in the demo's output after ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const finish = (settle) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          settle();
        };
        waiters.add(waiter);
        if (child.exitCode !== null) waiter.fail(new Error(`the demo has exited:\n${output}`));
        else waiter.check();
      });
    },
    /** Ctrl-C: SIGINT to the whole process group; resolves with how it exited. */
    interrupt() {
      group('SIGINT');
      return exited;
    },
    /** Last resort for a demo that would not stop. */
    kill() {
      group('SIGKILL');
      return exited;
    },
  };
}
