import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Everything the command prints is appended here (a terminal would be flooded by Medusa's logs). */
  log: WriteStream;
  signal?: AbortSignal | undefined;
}

/** Lines at the end of a command's output, to show why it failed. */
const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * Runs a command to its end in a process group of its own, so that stopping the demo while it runs
 * stops all of it (turbo and Medusa start children of their own).
 */
export async function run(command: string, args: string[], options: RunOptions): Promise<void> {
  const service = start(command, args, options);
  const abort = () => void service.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const { code, signal } = await service.exited;
    options.signal?.throwIfAborted();
    if (code !== 0) {
      throw new Error(
        `\`${[command, ...args].join(' ')}\` failed (${signal ?? `exit ${code}`}):\n${tail(service.output())}`,
      );
    }
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

export interface Service {
  child: ChildProcess;
  /** Resolves when the process has ended, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** SIGTERM to the whole group, SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running command (Medusa's server) in a process group of its own. */
export function start(command: string, args: string[], options: RunOptions): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const take = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    options.log.write(chunk);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  return {
    child,
    exited,
    output: () => output,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function logFile(path: string): WriteStream {
  return createWriteStream(path, { flags: 'a' });
}

/** Polls `check` until it returns something truthy, or fails with what was last wrong. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; gaveUp?: () => string | null },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const reason = options.gaveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${last ? ` (${String(last)})` : ''}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
