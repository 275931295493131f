// Starts the demo exactly as the README says: `npm run demo` from the repository root, in a process
// group of its own so that an interrupt reaches every process of it (npm, its shell, the demo, the
// builds it runs), as Ctrl-C in a terminal does. Used by the browser tests and the timing script.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The README's command. */
export const README_COMMAND = ['npm', 'run', 'demo'];

/**
 * The environment of a new terminal: what npm or pnpm set for the script that runs this (npm_config_*,
 * npm_lifecycle_*, INIT_CWD…) is left out, so the npm started here reads only its own configuration.
 */
export function terminalEnv(env = process.env) {
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^(npm_|pnpm_|INIT_CWD$|PNPM_)/i.test(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/** A port that was free a moment ago (for a URL known before the demo starts). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The processes of a process group that still run. On Linux, from /proc, leaving out zombies: a build
 * tool's helper that has exited but whose parent is gone waits there for init to reap it, holding
 * nothing. Elsewhere, whether the group exists at all.
 */
export function livingInGroup(pgid) {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch (error) {
      return error.code === 'EPERM' ? [pgid] : [];
    }
  }
  const living = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After the command's closing parenthesis: state, ppid, pgrp.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') living.push(Number(entry));
  }
  return living;
}

export function launchDemo({ env = {} } = {}) {
  const startedAt = performance.now();
  const [command, ...args] = README_COMMAND;
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...terminalEnv(), FORCE_COLOR: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set();
  const exited = new Promise((resolve) => {
    // 'close', not 'exit': every process holding the output pipes is gone and all they wrote is read.
    child.on('close', (code, signal) => {
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
    /** Whether any process of the demo's group is still running (an orphan, once it has exited). */
    groupAlive() {
      return livingInGroup(child.pid).length > 0;
    },
    /**
     * Ctrl-C: SIGINT to the whole process group; resolves with how npm exited. npm waits for the demo,
     * then ends itself by the same signal, so the demo's own verdict is in its output.
     */
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
